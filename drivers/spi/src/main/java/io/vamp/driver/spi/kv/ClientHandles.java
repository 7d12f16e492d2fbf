package io.vamp.driver.spi.kv;

import io.vamp.driver.spi.DriverException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one client of a key-value store keeps open: its watches and elections, and whether it was
 * closed. The stores share it, so they refuse calls and close the same way.
 */
public final class ClientHandles {
  private final String store;
  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private final Set<LeaderElection> elections = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean shut = new AtomicBoolean();

  /** @param store the store's name in messages ({@code etcd}, {@code zookeeper}, ...) */
  public ClientHandles(String store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  public boolean isClosed() {
    return shut.get();
  }

  /** Refuses a call on a closed client (not retryable). */
  public void checkOpen() {
    if (shut.get()) {
      throw new DriverException("this " + store + " key-value store client is closed", false);
    }
  }

  /** A watch opened by this client, closed with it. */
  public void opened(Watch watch) {
    watches.add(watch);
  }

  /** A watch closed on its own (its store need not close it). */
  public void closed(Watch watch) {
    watches.remove(watch);
  }

  /** An election this client joined, left when it closes. */
  public void joined(LeaderElection election) {
    elections.add(election);
  }

  /** An election left on its own (or that failed to start). */
  public void left(LeaderElection election) {
    elections.remove(election);
  }

  /**
   * Marks the client closed and closes its watches, then its elections.
   *
   * @return false when it was closed already (nothing more to release)
   */
  public boolean close() {
    if (!shut.compareAndSet(false, true)) {
      return false;
    }
    List.copyOf(watches).forEach(Watch::close);
    List.copyOf(elections).forEach(LeaderElection::close);
    return true;
  }

  /** Checks the arguments of {@link KeyValueStore#elect}. */
  public static void requireElection(String name, String candidateId) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(candidateId, "candidateId");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an election has a name");
    }
  }
}
