package io.vamp.driver.spi.kv;

import java.time.Duration;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The key-value store between the daemon and its gateway agents (ZooKeeper, etcd, Consul, or in
 * process). Keys are absolute, '/'-separated paths such as {@code /vamp/default/gateways/haproxy/2.6/configuration}.
 * Values are text. Every value has a version that changes on every write; version 0 means absent.
 */
public interface KeyValueStore extends AutoCloseable {

  Optional<Versioned> get(String key);

  /** Writes the value and returns its new version. */
  long put(String key, String value);

  /** Removes the key; false if it was not there. */
  boolean delete(String key);

  /** Every key under {@code prefix} (a key equal to the prefix included), sorted by key. */
  SortedMap<String, Versioned> list(String prefix);

  /**
   * Writes only if the key's version is still {@code expectedVersion} (0: only if absent).
   *
   * @return whether it was written
   */
  boolean compareAndSet(String key, long expectedVersion, String value);

  /**
   * Calls {@code listener} for every change of the key (or, when {@code prefix} is true, of every key
   * under it), and once at the start with the current value. After a reconnect or session loss the
   * watch resumes and delivers the latest value of every watched key, so no final state is missed
   * (intermediate values may be skipped).
   */
  Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener);

  /** Writes a value that disappears when this client's session or lease ends (crash, close, partition). */
  void putEphemeral(String key, String value, Duration ttl);

  /**
   * Joins the election for {@code name}. Several daemons on one store: at most one holds leadership at
   * a time. The returned handle tells whether this one leads and gives a fencing token that grows
   * with every change of leader, which the reconciler checks before each write.
   */
  LeaderElection elect(String name, String candidateId);

  @Override
  void close();
}
