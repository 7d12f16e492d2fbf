package io.vamp.driver.consul;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.ClientHandles;
import io.vamp.driver.spi.kv.KeyPaths;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyValueStore} on Consul's KV store: one client, with its own Consul session.
 *
 * <p>Key {@code /a/b} is the Consul key {@code <prefix>a/b}. A value's version is its {@code ModifyIndex},
 * a Raft index, so it grows across a delete and a re-create. Consul skips a write that changes nothing
 * (same value, flags and session) and keeps the old {@code ModifyIndex}; every write here therefore sets
 * {@code Flags} to a fresh random number, so that every put is a write with a greater version. A put is a
 * one-operation transaction ({@code /v1/txn}), which returns the entry's new {@code ModifyIndex}; a plain
 * {@code PUT /v1/kv} answers only {@code true}. Compare-and-set is {@code PUT ?cas=<index>} (0: only if
 * absent); delete is a transaction {@code get} + {@code delete}, which tells whether the key was there.
 *
 * <p>Ephemeral keys are acquired ({@code ?acquire=}) by this client's session, which has
 * {@code Behavior=delete}: Consul deletes them when the session ends (closed, or not renewed within its
 * TTL). Watches are blocking queries. Elections are session locks on
 * {@code <prefix>~vamp/elections/<name>}, with the {@code ModifyIndex} of the acquisition as fencing token;
 * keys under {@code /~vamp} are therefore reserved and never listed.
 */
public final class ConsulKeyValueStore implements KeyValueStore {

  private static final Logger LOG = LoggerFactory.getLogger(ConsulKeyValueStore.class);
  static final String INTERNAL = "~vamp/";
  private static final int FENCE_RETRIES = 20;

  private final ConsulHttp http;
  private final Settings settings;
  private final ScheduledExecutorService maintenance;
  private final ConsulSession session;
  private final Map<String, String> ephemerals = new ConcurrentHashMap<>();
  private final ClientHandles handles = new ClientHandles("consul");

  ConsulKeyValueStore(ConsulHttp http, Settings settings) {
    this.http = http;
    this.settings = settings;
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vamp-consul-maintenance");
      t.setDaemon(true);
      return t;
    });
    this.session = new ConsulSession(http, settings, maintenance);
    session.onReplaced(fresh -> reacquireEphemerals(0));
  }

  @Override
  public Optional<Versioned> get(String key) {
    KeyPaths.requireKey(key);
    checkOpen();
    return http.get(consulKey(key)).map(e -> new Versioned(e.value(), e.modifyIndex()));
  }

  @Override
  public long put(String key, String value) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    checkOpen();
    String ck = consulKey(key);
    ephemerals.remove(key);
    ConsulHttp.Txn set = http.txn(List.of(set(ck, value)));
    if (!set.applied() || set.results().isEmpty()) {
      throw new DriverException("put " + key + " on " + settings.where() + " was rolled back: " + set.errors(), true);
    }
    ConsulHttp.Entry written = set.results().get(0);
    if (!written.locked()) {
      return written.modifyIndex();
    }
    // a session holds the key (an ephemeral key): a plain put makes it persistent, as with every other store
    ObjectNode delete = ConsulHttp.op("delete-cas", ck).put("Index", written.modifyIndex());
    ConsulHttp.Txn replace = http.txn(List.of(delete, set(ck, value)));
    return replace.applied() && !replace.results().isEmpty() ? replace.results().get(0).modifyIndex()
        : written.modifyIndex();
  }

  @Override
  public boolean delete(String key) {
    KeyPaths.requireKey(key);
    checkOpen();
    String ck = consulKey(key);
    ephemerals.remove(key);
    ConsulHttp.Txn txn = http.txn(List.of(ConsulHttp.op("get", ck), ConsulHttp.op("delete", ck)));
    if (txn.applied()) {
      return true;
    }
    if (txn.failedOps().equals(List.of(0))) {
      return false; // "key doesn't exist"
    }
    throw new DriverException("delete " + key + " on " + settings.where() + " was rolled back: " + txn.errors(), true);
  }

  @Override
  public SortedMap<String, Versioned> list(String prefix) {
    String normalized = KeyPaths.normalizePrefix(prefix);
    checkOpen();
    SortedMap<String, Versioned> out = new TreeMap<>();
    collect(http.read(consulPrefix(normalized), true, 0, false).entries(), normalized, out);
    return Collections.unmodifiableSortedMap(out);
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, String value) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("a version is 0 (absent) or positive: " + expectedVersion);
    }
    checkOpen();
    boolean written = http.put(consulKey(key), value, "cas=" + expectedVersion, "flags=" + nonce());
    if (written) {
      ephemerals.remove(key);
    }
    return written;
  }

  /**
   * Reads the fence, then one transaction: {@code check-index} of the fence at the {@code ModifyIndex}
   * read, then {@code set}. If anyone wrote or deleted the fence since it was read, Consul rolls the
   * whole transaction back and nothing is written; when only the index moved but the fence still holds
   * {@code fenceValue}, it tries again. A key some session holds (an ephemeral key) is released in the
   * same transaction ({@code delete-cas} before the {@code set}), so it becomes persistent.
   */
  @Override
  public OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue) {
    KeyPaths.requireFencedWrite(key, value, fenceKey, fenceValue);
    checkOpen();
    String ck = consulKey(key);
    String fence = consulKey(fenceKey);
    for (int attempt = 0; attempt < FENCE_RETRIES; attempt++) {
      Optional<ConsulHttp.Entry> current = http.get(fence);
      if (current.isEmpty() || !current.get().value().equals(fenceValue)) {
        return OptionalLong.empty();
      }
      List<ObjectNode> ops = new java.util.ArrayList<>();
      ops.add(ConsulHttp.op("check-index", fence).put("Index", current.get().modifyIndex()));
      Optional<ConsulHttp.Entry> target = http.get(ck);
      if (target.isPresent() && target.get().locked()) {
        ops.add(ConsulHttp.op("delete-cas", ck).put("Index", target.get().modifyIndex()));
      }
      ops.add(set(ck, value));
      ConsulHttp.Txn txn = http.txn(ops);
      if (txn.applied() && !txn.results().isEmpty()) {
        ephemerals.remove(key);
        ConsulHttp.Entry written = txn.results().get(txn.results().size() - 1);
        return OptionalLong.of(written.modifyIndex());
      }
      if (txn.applied() || txn.failedOps().isEmpty() || txn.failedOps().contains(ops.size() - 1)) {
        throw new DriverException("fenced put " + key + " on " + settings.where() + " was rolled back: "
            + txn.errors(), true);
      }
      // the fence (operation 0) or the ephemeral key (1) changed since they were read: read again
    }
    throw new DriverException("fenced put " + key + " on " + settings.where()
        + " kept conflicting with other writers; retry later", true);
  }

  @Override
  public Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener) {
    String path = prefix ? KeyPaths.normalizePrefix(keyOrPrefix) : KeyPaths.requireKey(keyOrPrefix);
    Objects.requireNonNull(listener, "listener");
    checkOpen();
    ConsulWatch watch = new ConsulWatch(this, path, prefix, listener, handles::closed);
    handles.opened(watch);
    watch.start();
    return watch;
  }

  /** The TTL is not used: the key lives as long as this client's session (see session-ttl). */
  @Override
  public void putEphemeral(String key, String value, Duration ttl) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    checkOpen();
    acquire(key, value);
    ephemerals.put(key, value);
  }

  /** Makes this session hold the key with this value, taking it from another session if need be. */
  private void acquire(String key, String value) {
    String ck = consulKey(key);
    long deadline = System.nanoTime() + settings.lockDelay().plus(settings.operationTimeout()).toNanos();
    do {
      String sid = session.id();
      try {
        if (http.put(ck, value, "acquire=" + sid, "flags=" + nonce())) {
          return;
        }
      } catch (ConsulHttp.InvalidSession gone) {
        session.lost(sid);
        continue;
      }
      Optional<ConsulHttp.Entry> current = http.get(ck);
      if (current.isPresent() && current.get().locked() && !current.get().session().equals(sid)) {
        // another session's ephemeral key: this one replaces it
        http.delete(ck, "cas=" + current.get().modifyIndex());
      } else {
        // free, but refused: the lock-delay of a session that ended is still running
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    } while (System.nanoTime() < deadline && !handles.isClosed());
    throw new DriverException("put ephemeral " + key + " on " + settings.where()
        + ": could not acquire it for this session within the lock-delay; retry later", true);
  }

  /** After a new session: acquire the ephemeral keys again, unless someone else wrote them meanwhile. */
  private void reacquireEphemerals(int attempt) {
    int done = 0;
    for (Map.Entry<String, String> e : Map.copyOf(ephemerals).entrySet()) {
      if (handles.isClosed()) {
        return;
      }
      try {
        Optional<ConsulHttp.Entry> current = http.get(consulKey(e.getKey()));
        if (current.isPresent() && !current.get().locked() && !current.get().value().equals(e.getValue())) {
          ephemerals.remove(e.getKey(), e.getValue()); // written by someone else meanwhile: theirs now
          continue;
        }
        if (e.getValue().equals(ephemerals.get(e.getKey()))) {
          acquire(e.getKey(), e.getValue());
          done++;
        }
      } catch (RuntimeException ex) {
        long delay = Math.min(5000, 500L << Math.min(attempt, 4));
        LOG.warn("consul ephemeral key not acquired again key={} error={} retry_in_ms={}", e.getKey(), ex.toString(),
            delay);
        maintenance.schedule(() -> reacquireEphemerals(attempt + 1), delay, TimeUnit.MILLISECONDS);
        return;
      }
    }
    if (done > 0) {
      LOG.info("consul ephemeral keys acquired again for a new session server={} keys={}", settings.where(), done);
    }
  }

  @Override
  public LeaderElection elect(String name, String candidateId) {
    ClientHandles.requireElection(name, candidateId);
    checkOpen();
    ConsulLeaderElection election = new ConsulLeaderElection(this, name, candidateId, handles::left);
    handles.joined(election);
    election.start();
    return election;
  }

  @Override
  public void close() {
    if (!handles.close()) {
      return;
    }
    session.close();
    maintenance.shutdownNow();
    LOG.info("consul store closed server={}", settings.where());
  }

  // --- shared with watches and elections ---------------------------------------------------------------

  ConsulHttp http() {
    return http;
  }

  Settings settings() {
    return settings;
  }

  ConsulSession session() {
    return session;
  }

  ScheduledExecutorService maintenance() {
    return maintenance;
  }

  boolean isClosed() {
    return handles.isClosed();
  }

  String consulKey(String key) {
    return settings.prefix() + key.substring(1);
  }

  /** The Consul prefix a normalized key prefix reads ({@code /} reads everything under the configured prefix). */
  String consulPrefix(String normalizedPrefix) {
    return normalizedPrefix.equals("/") ? settings.prefix() : consulKey(normalizedPrefix);
  }

  /** The key a Consul key stands for, if it is one of ours (the reserved {@code /~vamp/...} is not). */
  Optional<String> keyOf(String consulKey) {
    if (!consulKey.startsWith(settings.prefix()) || consulKey.startsWith(settings.prefix() + INTERNAL)) {
      return Optional.empty();
    }
    try {
      return Optional.of(KeyPaths.requireKey("/" + consulKey.substring(settings.prefix().length())));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  void collect(List<ConsulHttp.Entry> entries, String normalizedPrefix, SortedMap<String, Versioned> out) {
    for (ConsulHttp.Entry e : entries) {
      keyOf(e.key()).filter(k -> KeyPaths.isUnder(k, normalizedPrefix))
          .ifPresent(k -> out.put(k, new Versioned(e.value(), e.modifyIndex())));
    }
  }

  static ObjectNode set(String consulKey, String value) {
    return ConsulHttp.op("set", consulKey).put("Value", value).put("Flags", nonce());
  }

  /** A fresh Flags value, so that Consul never skips a write as "unchanged". */
  static long nonce() {
    return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
  }

  void checkOpen() {
    handles.checkOpen();
  }

  @Override
  public String toString() {
    return "ConsulKeyValueStore[" + settings.where() + "]";
  }
}
