package io.vamp.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.vamp.driver.spi.kv.ClientHandles;
import io.vamp.driver.spi.kv.KeyPaths;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyValueStore} on etcd v3 through jetcd: one client, with its own leases.
 *
 * <p>Key {@code /a/b} is the etcd key {@code <prefix>/a/b}. A value's version is its {@code mod_revision}:
 * etcd's store revision grows with every write, so versions grow across a delete and a re-create, and
 * compare-and-set is one transaction comparing {@code mod_revision} (or {@code create_revision == 0} for
 * "only if absent"). Watches read the watched range at a revision and watch from the next one, so no
 * change falls between; after an error or a compaction they read again. Ephemeral keys are attached to a
 * lease of this client, kept alive by jetcd and revoked on close. Elections are keys on this client's lease
 * under {@code <prefix>~vamp/elections/<name>/}: the oldest key (lowest {@code create_revision}) leads, and
 * its {@code create_revision} is the fencing token.
 */
public final class EtcdKeyValueStore implements KeyValueStore {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdKeyValueStore.class);
  static final String MAINTENANCE_THREAD = "vamp-etcd-maintenance";

  /** An ephemeral key this client keeps: its value and the TTL of its lease. */
  private record Ephemeral(String value, long ttlSeconds) {}

  private final Client client;
  private final Settings settings;
  private final ScheduledExecutorService maintenance;
  private final Leases leases;
  private final Map<String, Ephemeral> ephemerals = new ConcurrentHashMap<>();
  private final ClientHandles handles = new ClientHandles("etcd");

  EtcdKeyValueStore(Client client, Settings settings) {
    this.client = client;
    this.settings = settings;
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, MAINTENANCE_THREAD);
      t.setDaemon(true);
      return t;
    });
    this.leases = new Leases(client, settings, maintenance);
    leases.onReplaced(this::rewriteEphemerals);
  }

  @Override
  public Optional<Versioned> get(String key) {
    KeyPaths.requireKey(key);
    checkOpen();
    try {
      GetResponse response = await(client.getKVClient().get(bytes(etcdKey(key))));
      return response.getKvs().stream().findFirst().map(EtcdKeyValueStore::versioned);
    } catch (Exception e) {
      throw Failures.of("get " + key, settings, e);
    }
  }

  @Override
  public long put(String key, String value) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    checkOpen();
    try {
      ephemerals.remove(key); // a put without a lease makes the key persistent
      return await(client.getKVClient().put(bytes(etcdKey(key)), bytes(value))).getHeader().getRevision();
    } catch (Exception e) {
      throw Failures.of("put " + key, settings, e);
    }
  }

  @Override
  public boolean delete(String key) {
    KeyPaths.requireKey(key);
    checkOpen();
    try {
      ephemerals.remove(key);
      return await(client.getKVClient().delete(bytes(etcdKey(key)))).getDeleted() > 0;
    } catch (Exception e) {
      throw Failures.of("delete " + key, settings, e);
    }
  }

  @Override
  public SortedMap<String, Versioned> list(String prefix) {
    String normalized = KeyPaths.normalizePrefix(prefix);
    checkOpen();
    try {
      SortedMap<String, Versioned> out = new TreeMap<>();
      GetOption range = GetOption.builder().isPrefix(true).build();
      collect(await(client.getKVClient().get(bytes(rangeStart(normalized)), range)), normalized, out);
      return Collections.unmodifiableSortedMap(out);
    } catch (Exception e) {
      throw Failures.of("list " + normalized, settings, e);
    }
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, String value) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("a version is 0 (absent) or positive: " + expectedVersion);
    }
    checkOpen();
    ByteSequence k = bytes(etcdKey(key));
    Cmp condition = expectedVersion == 0
        ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
        : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedVersion));
    try {
      boolean written = await(client.getKVClient().txn().If(condition)
          .Then(Op.put(k, bytes(value), PutOption.DEFAULT)).commit()).isSucceeded();
      if (written) {
        ephemerals.remove(key);
      }
      return written;
    } catch (Exception e) {
      throw Failures.of("compare-and-set " + key, settings, e);
    }
  }

  /**
   * One transaction: if the fence key's value equals {@code fenceValue}, put. etcd fails a value
   * comparison on an absent key, so an absent fence refuses the write too.
   */
  @Override
  public OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue) {
    KeyPaths.requireFencedWrite(key, value, fenceKey, fenceValue);
    checkOpen();
    Cmp fenceHolds = new Cmp(bytes(etcdKey(fenceKey)), Cmp.Op.EQUAL, CmpTarget.value(bytes(fenceValue)));
    try {
      TxnResponse response = await(client.getKVClient().txn().If(fenceHolds)
          .Then(Op.put(bytes(etcdKey(key)), bytes(value), PutOption.DEFAULT)).commit());
      if (!response.isSucceeded()) {
        return OptionalLong.empty();
      }
      ephemerals.remove(key); // a put without a lease makes the key persistent
      return OptionalLong.of(response.getHeader().getRevision());
    } catch (Exception e) {
      throw Failures.of("fenced put " + key, settings, e);
    }
  }

  @Override
  public Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener) {
    String path = prefix ? KeyPaths.normalizePrefix(keyOrPrefix) : KeyPaths.requireKey(keyOrPrefix);
    Objects.requireNonNull(listener, "listener");
    checkOpen();
    EtcdWatch watch = new EtcdWatch(this, path, prefix, listener, handles::closed);
    handles.opened(watch);
    watch.start();
    return watch;
  }

  /** The key lives on a lease of {@code ttl} (whole seconds, at least 2) that this client keeps alive. */
  @Override
  public void putEphemeral(String key, String value, Duration ttl) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    checkOpen();
    long seconds = Math.max(2, (ttl.toMillis() + 999) / 1000);
    for (int attempt = 0; ; attempt++) {
      Leases.Lease lease = null;
      try {
        lease = leases.lease(seconds);
        await(client.getKVClient().put(bytes(etcdKey(key)), bytes(value),
            PutOption.builder().withLeaseId(lease.id).build()));
        ephemerals.put(key, new Ephemeral(value, seconds));
        return;
      } catch (Exception e) {
        if (lease != null && attempt == 0 && Leases.leaseNotFound(e)) {
          leases.forget(lease); // expired during a partition: once more on a new lease
          continue;
        }
        throw Failures.of("put ephemeral " + key, settings, e);
      }
    }
  }

  @Override
  public LeaderElection elect(String name, String candidateId) {
    ClientHandles.requireElection(name, candidateId);
    checkOpen();
    EtcdLeaderElection election = new EtcdLeaderElection(this, name, candidateId, handles::left);
    handles.joined(election);
    election.start();
    return election;
  }

  @Override
  public void close() {
    if (!handles.close()) {
      return;
    }
    maintenance.shutdownNow();
    leases.close();
    client.close();
    LOG.info("etcd store closed server={}", settings.where());
  }

  // --- shared with watches and elections -------------------------------------------------------------

  Client client() {
    return client;
  }

  Settings settings() {
    return settings;
  }

  Leases leases() {
    return leases;
  }

  ScheduledExecutorService maintenance() {
    return maintenance;
  }

  boolean isClosed() {
    return handles.isClosed();
  }

  String etcdKey(String key) {
    return settings.prefix() + key;
  }

  /** The first key of the range a normalized prefix covers (the range is everything starting with it). */
  String rangeStart(String normalizedPrefix) {
    return normalizedPrefix.equals("/") ? settings.prefix() + "/" : etcdKey(normalizedPrefix);
  }

  /** The key an etcd key stands for, if it is one of ours. */
  Optional<String> keyOf(ByteSequence etcdKey) {
    String text = etcdKey.toString(StandardCharsets.UTF_8);
    if (!text.startsWith(settings.prefix())) {
      return Optional.empty();
    }
    String key = text.substring(settings.prefix().length());
    try {
      return Optional.of(KeyPaths.requireKey(key));
    } catch (IllegalArgumentException notOurs) {
      return Optional.empty();
    }
  }

  /** Adds the keys of {@code response} that are under {@code normalizedPrefix}. */
  void collect(GetResponse response, String normalizedPrefix, SortedMap<String, Versioned> out) {
    for (KeyValue kv : response.getKvs()) {
      keyOf(kv.getKey()).filter(k -> KeyPaths.isUnder(k, normalizedPrefix)).ifPresent(k -> out.put(k, versioned(kv)));
    }
  }

  static Versioned versioned(KeyValue kv) {
    return new Versioned(kv.getValue().toString(StandardCharsets.UTF_8), kv.getModRevision());
  }

  static ByteSequence bytes(String text) {
    return ByteSequence.from(text, StandardCharsets.UTF_8);
  }

  <T> T await(CompletableFuture<T> future) throws Exception {
    try {
      return future.get(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw e;
    }
  }

  void checkOpen() {
    handles.checkOpen();
  }

  // --- ephemeral keys after a lease was replaced -------------------------------------------------------

  /** A lease of this TTL expired: write its keys again on the new lease, unless someone else wrote them. */
  private void rewriteEphemerals(long ttlSeconds) {
    int rewritten = 0;
    for (Map.Entry<String, Ephemeral> e : Map.copyOf(ephemerals).entrySet()) {
      if (e.getValue().ttlSeconds() != ttlSeconds || isClosed()) {
        continue;
      }
      ByteSequence k = bytes(etcdKey(e.getKey()));
      try {
        Leases.Lease lease = leases.lease(ttlSeconds);
        GetResponse current = await(client.getKVClient().get(k));
        Optional<KeyValue> kv = current.getKvs().stream().findFirst();
        if (kv.isPresent() && kv.get().getLease() == 0) {
          ephemerals.remove(e.getKey(), e.getValue()); // someone made it persistent meanwhile
          continue;
        }
        Cmp unchanged = kv.isEmpty() ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
            : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(kv.get().getModRevision()));
        if (await(client.getKVClient().txn().If(unchanged).Then(Op.put(k, bytes(e.getValue().value()),
            PutOption.builder().withLeaseId(lease.id).build())).commit()).isSucceeded()) {
          rewritten++;
        }
      } catch (Exception ex) {
        LOG.warn("etcd ephemeral key not written again key={} error={}; retrying", e.getKey(), ex.toString());
        maintenance.schedule(() -> rewriteEphemerals(ttlSeconds), 1, TimeUnit.SECONDS);
        return;
      }
    }
    if (rewritten > 0) {
      LOG.info("etcd ephemeral keys written again on a new lease server={} keys={}", settings.where(), rewritten);
    }
  }

  /** Deletes one election key (used by elections on close). */
  void deleteQuietly(ByteSequence etcdKey) {
    try {
      await(client.getKVClient().delete(etcdKey, DeleteOption.DEFAULT));
    } catch (Exception e) {
      LOG.debug("etcd key not deleted key={} error={} (its lease removes it)", etcdKey, e.toString());
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return "EtcdKeyValueStore[" + settings.where() + "]";
  }
}
