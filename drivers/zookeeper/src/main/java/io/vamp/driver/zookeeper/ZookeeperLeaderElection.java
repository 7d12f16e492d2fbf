package io.vamp.driver.zookeeper;

import io.vamp.driver.spi.kv.LeaderElection;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidacy: a Curator {@link LeaderLatch} under {@code /%elections/<name>}. Candidates are ephemeral
 * sequential nodes; the lowest leads. The fencing token is the {@code czxid} of the leader's own node (the
 * ZooKeeper transaction that created it): a later leader's node was created later, so its token is
 * greater, also when the election's parent node was removed and re-created in between (sequence numbers
 * would start again; zxids never do).
 *
 * <p>Leadership is dropped as soon as the connection is suspended (Curator's standard error policy),
 * which happens after two thirds of the session timeout without the server, before the server can expire
 * the session and let another candidate lead.
 */
final class ZookeeperLeaderElection implements LeaderElection {

  private static final Logger LOG = LoggerFactory.getLogger(ZookeeperLeaderElection.class);

  private final ZookeeperKeyValueStore store;
  private final String name;
  private final String candidateId;
  private final LeaderLatch latch;
  private final Consumer<ZookeeperLeaderElection> onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  /** The latch node the token was read for, and the token; both change together. */
  private volatile Token token = new Token("", 0);

  private record Token(String path, long value) {}

  ZookeeperLeaderElection(ZookeeperKeyValueStore store, String name, String candidateId,
                          Consumer<ZookeeperLeaderElection> onClose) {
    this.store = store;
    this.name = name;
    this.candidateId = candidateId;
    this.onClose = onClose;
    this.latch = new LeaderLatch(store.curator(), NodePaths.electionNode(name), candidateId,
        LeaderLatch.CloseMode.SILENT);
  }

  void start() throws Exception {
    latch.addListener(new LeaderLatchListener() {
      @Override
      public void isLeader() {
        readToken();
      }

      @Override
      public void notLeader() {
        LOG.info("zookeeper election lost election={} candidate={}", name, candidateId);
      }
    }, store.maintenance());
    latch.start();
  }

  private void readToken() {
    String path = latch.getOurPath();
    if (path == null || closed.get()) {
      return;
    }
    try {
      Stat stat = store.curator().checkExists().forPath(path);
      if (stat != null) {
        token = new Token(path, stat.getCzxid());
        LOG.info("zookeeper election won election={} candidate={} fencing_token={}", name, candidateId,
            stat.getCzxid());
      } else {
        LOG.debug("zookeeper election node vanished before its token was read election={}", name);
      }
    } catch (Exception e) {
      LOG.warn("zookeeper election token not read election={} candidate={} error={}; retrying", name, candidateId,
          e.toString());
      if (!closed.get() && latch.hasLeadership()) {
        store.maintenance().schedule(this::readToken, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
    }
  }

  @Override
  public boolean isLeader() {
    if (closed.get() || store.isClosed() || !latch.hasLeadership()) {
      return false;
    }
    Token current = token;
    return current.value() > 0 && current.path().equals(latch.getOurPath());
  }

  @Override
  public long fencingToken() {
    return token.value();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      latch.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("zookeeper election close election={} error={}", name, e.toString());
    }
    onClose.accept(this);
  }

  @Override
  public String toString() {
    return "election=" + name + " candidate=" + candidateId;
  }
}
