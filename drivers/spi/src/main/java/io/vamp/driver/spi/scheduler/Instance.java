package io.vamp.driver.spi.scheduler;

import java.util.Map;
import java.util.Objects;

/**
 * One running instance of a workload.
 *
 * @param ports breed port name to the port the instance listens on at {@code host}
 * @param ready started and passing its health checks
 */
public record Instance(String name, String host, Map<String, Integer> ports, boolean ready) {
  public Instance {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(host, "host");
    ports = Map.copyOf(ports);
  }
}
