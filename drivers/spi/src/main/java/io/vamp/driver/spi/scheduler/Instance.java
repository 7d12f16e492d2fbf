package io.vamp.driver.spi.scheduler;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One running instance of a workload.
 *
 * @param ports breed port name to the port the instance listens on at {@code host}
 * @param ready started and passing its health checks
 * @param digest the {@link io.vamp.model.state.Workload#digest()} this instance runs, when the driver
 *     can tell; during an update a workload has instances of the old and the new digest, and only
 *     those of the current one count for {@link ObservedWorkload#readiness()}. Empty: counted as
 *     current.
 */
public record Instance(String name, String host, Map<String, Integer> ports, boolean ready, Optional<String> digest) {
  public Instance {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    ports = Map.copyOf(ports);
    Objects.requireNonNull(digest, "digest");
  }

  /** An instance of the workload's current digest (for drivers that do not tell digests apart). */
  public Instance(String name, String host, Map<String, Integer> ports, boolean ready) {
    this(name, host, ports, ready, Optional.empty());
  }

  /** Whether this instance runs {@code currentDigest} (or does not say). */
  public boolean runs(String currentDigest) {
    return digest.isEmpty() || digest.get().equals(currentDigest);
  }
}
