package io.vamp.driver.spi.kv;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;

/**
 * The key-value store between the daemon and its gateway agents (ZooKeeper, etcd, Consul, or in
 * process). Keys are absolute, '/'-separated paths such as {@code /vamp/default/gateways/haproxy/2.6/configuration}.
 * Values are text. Every value has a version that changes on every write; version 0 means absent.
 *
 * <p>Keys and prefixes follow {@link KeyPaths}: a prefix is a path, so {@code /a/b} covers {@code /a/b}
 * and {@code /a/b/c} but not {@code /a/bc}. Keys are flat: writing {@code /a/b/c} does not make
 * {@code /a/b} exist, and deleting {@code /a/b} leaves {@code /a/b/c}. Versions of one key grow
 * strictly, also across a delete and a re-create. Invalid keys are refused with
 * {@link IllegalArgumentException}. The contract suite {@code KeyValueStoreContract} (spi test-jar)
 * checks all of this.
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
   * Writes {@code value} to {@code key} only if the key {@code fenceKey} holds exactly {@code fenceValue},
   * and checks the fence <em>atomically with the write</em>: no write of the fence key by anyone can fall
   * between the check and the write. This is how a leader writes: a deposed leader that has not noticed
   * yet (a long GC pause, a partition) is refused as soon as a newer leader raised the fence, even if it
   * checked the fence a moment before. Like {@link #put} it makes an ephemeral key persistent.
   *
   * <p>There is deliberately no default implementation: a check followed by a separate write would let
   * exactly that stale write through, so a store that cannot do both in one atomic step cannot offer
   * this. Every store of this project implements it as one transaction (or under one lock); the contract
   * suite {@code KeyValueStoreContract} checks it, a race included.
   *
   * @param fenceKey a valid key; absent counts as not holding {@code fenceValue}
   * @param fenceValue the exact text the fence key must hold (compared byte for byte, no trimming)
   * @return the new version of {@code key} when written; empty when the fence did not hold {@code fenceValue}
   *     (then nothing was written)
   */
  OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue);

  /**
   * Calls {@code listener} for every change of the key (or, when {@code prefix} is true, of every key
   * under it), and once at the start with the current value. After a reconnect or session loss the
   * watch resumes and delivers the latest value of every watched key, so no final state is missed
   * (intermediate values may be skipped).
   *
   * <p>A key watch starts with one call carrying the current value, or empty when the key is absent;
   * a prefix watch starts with one call per key present under the prefix (none when there is none).
   * Calls for one watch come one at a time, in the order of the writes, never concurrently.
   */
  Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener);

  /** Writes a value that disappears when this client's session or lease ends (crash, close, partition). */
  void putEphemeral(String key, String value, Duration ttl);

  /**
   * Joins the election for {@code name}. Several daemons on one store: at most one holds leadership at
   * a time. The returned handle tells whether this one leads and gives a fencing token that grows
   * with every change of leader: the reconciler raises a fence key to it and writes through
   * {@link #putIfFenced} with it, so a deposed leader's writes are refused by the store itself.
   */
  LeaderElection elect(String name, String candidateId);

  /** Ends this client's session: its ephemeral keys disappear and it leaves every election it joined. */
  @Override
  void close();
}
