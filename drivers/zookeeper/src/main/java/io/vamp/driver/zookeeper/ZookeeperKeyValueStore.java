package io.vamp.driver.zookeeper;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.ClientHandles;
import io.vamp.driver.spi.kv.KeyPaths;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyValueStore} on ZooKeeper through Curator: one client, one ZooKeeper session.
 *
 * <p>Keys are laid out by {@link NodePaths}: a key's value lives in the node {@code <key>/%}, beside the
 * nodes of longer keys, so keys are flat. A value's version is the node's {@code mzxid}, the ZooKeeper
 * transaction id of its last change: it grows with every write of any key, so it also grows across a
 * delete and a re-create. Creating a value node also writes its key node in the same transaction, which
 * bumps the key node's data version; compare-and-set checks that version together with the value node's
 * own, so a key deleted and re-created between the read and the write is never mistaken for the one read.
 *
 * <p>Ephemeral keys are ephemeral nodes of this session. When the session expires (a partition longer than
 * the session timeout) the server removes them; this client writes them again as soon as it has a new
 * session, so a live agent stays registered. Watches are ZooKeeper persistent watches (recursive for a
 * prefix) that Curator re-registers after a reconnect; each re-registration re-reads the watched keys so
 * the latest state is never missed. Elections are Curator {@code LeaderLatch}es.
 */
public final class ZookeeperKeyValueStore implements KeyValueStore {

  private static final Logger LOG = LoggerFactory.getLogger(ZookeeperKeyValueStore.class);
  private static final int CONFLICT_RETRIES = 20;

  private final CuratorFramework client;
  private final Settings settings;
  private final Map<String, String> ephemerals = new ConcurrentHashMap<>();
  private final ClientHandles handles = new ClientHandles("zookeeper");
  private final ScheduledExecutorService maintenance;

  ZookeeperKeyValueStore(CuratorFramework client, Settings settings) {
    this.client = client;
    this.settings = settings;
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "vamp-zookeeper-maintenance");
      t.setDaemon(true);
      return t;
    });
    client.getConnectionStateListenable().addListener((c, state) -> onConnectionState(state));
  }

  CuratorFramework curator() {
    return client;
  }

  Settings settings() {
    return settings;
  }

  @Override
  public Optional<Versioned> get(String key) {
    KeyPaths.requireKey(key);
    checkOpen();
    try {
      return read(NodePaths.valueNode(key));
    } catch (Exception e) {
      throw Failures.of("get " + key, settings, e);
    }
  }

  @Override
  public long put(String key, String value) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    checkOpen();
    byte[] data = value.getBytes(StandardCharsets.UTF_8);
    try {
      long version = write(key, data);
      ephemerals.remove(key);
      return version;
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
      client.delete().forPath(NodePaths.valueNode(key));
      return true;
    } catch (KeeperException.NoNodeException absent) {
      return false;
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
      walk(NodePaths.keyNode(normalized), normalized.equals("/") ? null : normalized, out);
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
    byte[] data = value.getBytes(StandardCharsets.UTF_8);
    try {
      if (expectedVersion == 0) {
        try {
          create(key, data, CreateMode.PERSISTENT);
          return true;
        } catch (KeeperException.NodeExistsException present) {
          return false;
        }
      }
      String keyNode = NodePaths.keyNode(key);
      String valueNode = NodePaths.valueNode(key);
      for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        // the key node first: a re-creation after this read changes its version, which the write checks
        Stat keyStat = client.checkExists().forPath(keyNode);
        if (keyStat == null) {
          return false;
        }
        Stat valueStat = new Stat();
        try {
          client.getData().storingStatIn(valueStat).forPath(valueNode);
        } catch (KeeperException.NoNodeException absent) {
          return false;
        }
        if (valueStat.getMzxid() != expectedVersion) {
          return false;
        }
        try {
          client.transaction().forOperations(
              client.transactionOp().check().withVersion(keyStat.getVersion()).forPath(keyNode),
              client.transactionOp().setData().withVersion(valueStat.getVersion()).forPath(valueNode, data));
          return true;
        } catch (KeeperException e) {
          if (failedOp(e) == 0 && (e.code() == KeeperException.Code.BADVERSION
              || e.code() == KeeperException.Code.NONODE)) {
            continue; // the key node moved on (another key's value node created?): read again
          }
          if (e.code() == KeeperException.Code.BADVERSION || e.code() == KeeperException.Code.NONODE) {
            return false;
          }
          throw e;
        }
      }
      throw new DriverException("compare-and-set " + key + " kept conflicting; retry later", true);
    } catch (Exception e) {
      throw Failures.of("compare-and-set " + key, settings, e);
    }
  }

  /**
   * Reads the fence's value node with its data version, then writes in one ZooKeeper transaction
   * ({@code multi}) that first checks that version: if anyone wrote (or deleted) the fence since it was
   * read, the whole transaction fails and nothing is written. When only the version moved but the
   * fence still holds {@code fenceValue} (the fence rewritten with the same value), it tries again.
   */
  @Override
  public OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue) {
    KeyPaths.requireFencedWrite(key, value, fenceKey, fenceValue);
    checkOpen();
    byte[] data = value.getBytes(StandardCharsets.UTF_8);
    String fenceNode = NodePaths.valueNode(fenceKey);
    String keyNode = NodePaths.keyNode(key);
    String valueNode = NodePaths.valueNode(key);
    try {
      for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        Stat fenceStat = new Stat();
        try {
          if (!text(client.getData().storingStatIn(fenceStat).forPath(fenceNode)).equals(fenceValue)) {
            return OptionalLong.empty();
          }
        } catch (KeeperException.NoNodeException absent) {
          return OptionalLong.empty();
        }
        CuratorOp fenceHolds = client.transactionOp().check().withVersion(fenceStat.getVersion()).forPath(fenceNode);
        Stat current = client.checkExists().forPath(valueNode);
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(fenceHolds);
        if (current == null) {
          ops.add(client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(valueNode, data));
          ops.add(client.transactionOp().setData().forPath(keyNode, new byte[0]));
        } else if (current.getEphemeralOwner() != 0) {
          // a plain put makes an ephemeral key persistent, as with every other store
          ops.add(client.transactionOp().delete().withVersion(current.getVersion()).forPath(valueNode));
          ops.add(client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(valueNode, data));
          ops.add(client.transactionOp().setData().forPath(keyNode, new byte[0]));
        } else {
          ops.add(client.transactionOp().setData().withVersion(current.getVersion()).forPath(valueNode, data));
        }
        try {
          List<CuratorTransactionResult> results = client.transaction().forOperations(ops);
          ephemerals.remove(key);
          // every operation of one transaction carries the transaction's zxid
          return OptionalLong.of(results.get(results.size() - 1).getResultStat().getMzxid());
        } catch (KeeperException e) {
          int failed = failedOp(e);
          if (failed > 0 && e.code() == KeeperException.Code.NONODE && current == null) {
            client.createContainers(keyNode); // the key's parent nodes are missing: make them, then again
          } else if (failed < 0 || !(e.code() == KeeperException.Code.BADVERSION
              || e.code() == KeeperException.Code.NONODE || e.code() == KeeperException.Code.NODEEXISTS)) {
            throw e;
          }
          // the fence or the key changed since they were read: read both again
        }
      }
      throw new DriverException("fenced put " + key + " kept conflicting with other writers; retry later", true);
    } catch (Exception e) {
      throw Failures.of("fenced put " + key, settings, e);
    }
  }

  @Override
  public Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener) {
    String path = prefix ? KeyPaths.normalizePrefix(keyOrPrefix) : KeyPaths.requireKey(keyOrPrefix);
    Objects.requireNonNull(listener, "listener");
    checkOpen();
    ZookeeperWatch watch = new ZookeeperWatch(this, path, prefix, listener, handles::closed);
    handles.opened(watch);
    watch.start();
    return watch;
  }

  /** The TTL is not used: the key lives as long as this client's ZooKeeper session (see session-timeout). */
  @Override
  public void putEphemeral(String key, String value, Duration ttl) {
    KeyPaths.requireKey(key);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(ttl, "ttl");
    checkOpen();
    try {
      writeEphemeral(key, value.getBytes(StandardCharsets.UTF_8));
      ephemerals.put(key, value);
    } catch (Exception e) {
      throw Failures.of("put ephemeral " + key, settings, e);
    }
  }

  @Override
  public LeaderElection elect(String name, String candidateId) {
    ClientHandles.requireElection(name, candidateId);
    checkOpen();
    ZookeeperLeaderElection election = new ZookeeperLeaderElection(this, name, candidateId, handles::left);
    handles.joined(election);
    try {
      election.start();
    } catch (Exception e) {
      handles.left(election);
      throw Failures.of("join election " + name, settings, e);
    }
    return election;
  }

  @Override
  public void close() {
    if (!handles.close()) {
      return;
    }
    maintenance.shutdownNow();
    client.close();
    LOG.info("zookeeper store closed server={}", settings.where());
  }

  boolean isClosed() {
    return handles.isClosed();
  }

  // --- reading and writing nodes -------------------------------------------------------------------

  Optional<Versioned> read(String valueNode) throws Exception {
    Stat stat = new Stat();
    try {
      byte[] data = client.getData().storingStatIn(stat).forPath(valueNode);
      return Optional.of(new Versioned(text(data), stat.getMzxid()));
    } catch (KeeperException.NoNodeException absent) {
      return Optional.empty();
    }
  }

  /** Every key under {@code node} (which stands for {@code key}, or the root when null). */
  void walk(String node, String key, SortedMap<String, Versioned> out) throws Exception {
    List<String> children;
    try {
      children = client.getChildren().forPath(node);
    } catch (KeeperException.NoNodeException gone) {
      return;
    }
    for (String child : children) {
      if (child.equals(NodePaths.VALUE)) {
        if (key != null) {
          read(NodePaths.child(node, child)).ifPresent(v -> out.put(key, v));
        }
        continue;
      }
      Optional<String> segment = NodePaths.decodeSegment(child, node.equals("/"));
      if (segment.isPresent()) {
        walk(NodePaths.child(node, child), (key == null ? "" : key) + "/" + segment.get(), out);
      }
    }
  }

  private long write(String key, byte[] data) throws Exception {
    String valueNode = NodePaths.valueNode(key);
    for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
      try {
        Stat written = client.setData().forPath(valueNode, data);
        if (written.getEphemeralOwner() == 0) {
          return written.getMzxid();
        }
        // a plain put makes an ephemeral key persistent, as with every other store
        List<CuratorTransactionResult> results = client.transaction().forOperations(
            client.transactionOp().delete().withVersion(written.getVersion()).forPath(valueNode),
            client.transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(valueNode, data),
            client.transactionOp().setData().forPath(NodePaths.keyNode(key), new byte[0]));
        return results.get(2).getResultStat().getMzxid();
      } catch (KeeperException.BadVersionException changedMeanwhile) {
        // written again between the two steps: start over
      } catch (KeeperException.NoNodeException absent) {
        try {
          return create(key, data, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException createdMeanwhile) {
          // someone created it first: overwrite theirs
        }
      }
    }
    throw new DriverException("put " + key + " kept conflicting with other writers; retry later", true);
  }

  /** Makes this session's ephemeral node hold the key, replacing any node there. */
  void writeEphemeral(String key, byte[] data) throws Exception {
    String keyNode = NodePaths.keyNode(key);
    String valueNode = NodePaths.valueNode(key);
    for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
      Stat stat = client.checkExists().forPath(valueNode);
      if (stat == null) {
        try {
          create(key, data, CreateMode.EPHEMERAL);
          return;
        } catch (KeeperException.NodeExistsException createdMeanwhile) {
          continue;
        }
      }
      if (stat.getEphemeralOwner() == currentSessionId()) {
        try {
          client.setData().withVersion(stat.getVersion()).forPath(valueNode, data);
          return;
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException changed) {
          continue;
        }
      }
      try {
        client.transaction().forOperations(
            client.transactionOp().delete().withVersion(stat.getVersion()).forPath(valueNode),
            client.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(valueNode, data),
            client.transactionOp().setData().forPath(keyNode, new byte[0]));
        return;
      } catch (KeeperException.BadVersionException | KeeperException.NoNodeException changed) {
        // changed under us: look again
      }
    }
    throw new DriverException("put ephemeral " + key + " kept conflicting with other writers; retry later", true);
  }

  /**
   * Creates the value node and, in the same transaction, writes the key node (bumping its version, which
   * compare-and-set relies on). Creates missing key nodes as containers first. Returns the new mzxid.
   */
  private long create(String key, byte[] data, CreateMode mode) throws Exception {
    String keyNode = NodePaths.keyNode(key);
    String valueNode = NodePaths.valueNode(key);
    for (int attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
      CuratorOp create = client.transactionOp().create().withMode(mode).forPath(valueNode, data);
      CuratorOp bump = client.transactionOp().setData().forPath(keyNode, new byte[0]);
      try {
        List<CuratorTransactionResult> results = client.transaction().forOperations(create, bump);
        // every operation of one transaction carries the transaction's zxid
        return results.get(1).getResultStat().getMzxid();
      } catch (KeeperException.NoNodeException noKeyNode) {
        client.createContainers(keyNode);
      }
    }
    throw new DriverException("create " + key + " kept racing with the removal of its parent nodes; retry later", true);
  }

  /** The index of the operation that failed a transaction, or -1. */
  private static int failedOp(KeeperException e) {
    List<OpResult> results = e.getResults();
    if (results == null) {
      return -1;
    }
    for (int i = 0; i < results.size(); i++) {
      if (results.get(i) instanceof OpResult.ErrorResult error
          && error.getErr() != KeeperException.Code.OK.intValue()
          && error.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
        return i;
      }
    }
    return -1;
  }

  static String text(byte[] data) {
    return data == null ? "" : new String(data, StandardCharsets.UTF_8);
  }

  long currentSessionId() throws Exception {
    return client.getZookeeperClient().getZooKeeper().getSessionId();
  }

  void checkOpen() {
    handles.checkOpen();
  }

  // --- sessions ------------------------------------------------------------------------------------

  private void onConnectionState(ConnectionState state) {
    LOG.debug("zookeeper connection server={} state={}", settings.where(), state);
    if (state == ConnectionState.LOST) {
      LOG.warn("zookeeper session lost server={}: ephemeral keys are gone until a new session writes them again",
          settings.where());
    }
    if (state != ConnectionState.CONNECTED && state != ConnectionState.RECONNECTED) {
      return;
    }
    if (!ephemerals.isEmpty()) {
      // after a new session the server has removed this client's ephemeral nodes: write back what is missing
      maintenance.execute(() -> rewriteEphemerals(0));
    }
  }

  private void rewriteEphemerals(int attempt) {
    if (handles.isClosed()) {
      return;
    }
    List<String> failed = new ArrayList<>();
    int rewritten = 0;
    for (Map.Entry<String, String> e : Map.copyOf(ephemerals).entrySet()) {
      try {
        Stat stat = client.checkExists().forPath(NodePaths.valueNode(e.getKey()));
        boolean stillOurs = e.getValue().equals(ephemerals.get(e.getKey()));
        if (stillOurs && (stat == null || stat.getEphemeralOwner() != currentSessionId())) {
          writeEphemeral(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
          rewritten++;
        }
      } catch (Exception ex) {
        failed.add(e.getKey());
      }
    }
    if (rewritten > 0) {
      LOG.info("zookeeper ephemeral keys written again for a new session server={} keys={}", settings.where(),
          rewritten);
    }
    if (!failed.isEmpty() && !handles.isClosed()) {
      long delay = Math.min(5000, 250L << Math.min(attempt, 5));
      LOG.warn("zookeeper ephemeral keys not yet rewritten keys={} retry_in_ms={}", failed.size(), delay);
      maintenance.schedule(() -> rewriteEphemerals(attempt + 1), delay, TimeUnit.MILLISECONDS);
    }
  }

  ScheduledExecutorService maintenance() {
    return maintenance;
  }

  @Override
  public String toString() {
    return "ZookeeperKeyValueStore[" + settings.where() + "]";
  }
}
