package io.vamp.driver.etcd;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch.Watcher;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.vamp.driver.spi.kv.LeaderElection;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidacy, as etcd's own concurrency package does it: a key {@code <prefix>~vamp/elections/<name>/<id>}
 * on this client's lease. Every candidate's key gets the store revision of its creation; the candidate
 * whose key is oldest leads, and that creation revision is its fencing token. A later leader's key was
 * created later, so its token is greater. Followers watch the election's keys and look again whenever one
 * goes. When the lease is lost (a partition longer than its TTL) the candidacy starts over on a new lease,
 * as a newcomer. {@link #isLeader()} also requires the lease to have been renewed within two thirds of its
 * TTL, so a leader cut off from etcd stops leading before etcd lets another candidate win.
 *
 * <p>Everything but the getters runs on the store's maintenance thread.
 */
final class EtcdLeaderElection implements LeaderElection {

  private static final Logger LOG = LoggerFactory.getLogger(EtcdLeaderElection.class);

  private final EtcdKeyValueStore store;
  private final String name;
  private final String candidateId;
  private final Consumer<EtcdLeaderElection> onClose;
  private final String electionPrefix;
  private volatile boolean closed;
  private volatile boolean leading;
  private volatile long token;
  private volatile long leaseId;
  private ByteSequence ourKey;
  private long ourRevision;
  private Watcher watcher;
  private int generation;
  private int failures;

  EtcdLeaderElection(EtcdKeyValueStore store, String name, String candidateId, Consumer<EtcdLeaderElection> onClose) {
    this.store = store;
    this.name = name;
    this.candidateId = candidateId;
    this.onClose = onClose;
    // '/' and '%' escaped: one election's keys are never under another's
    this.electionPrefix = store.settings().prefix() + "~vamp/elections/"
        + name.replace("%", "%25").replace("/", "%2F") + "/";
    store.leases().onReplaced(ttl -> {
      if (ttl == store.settings().leaseTtl().toSeconds()) {
        store.maintenance().execute(this::startOver);
      }
    });
  }

  void start() {
    store.maintenance().execute(this::campaign);
  }

  /** Puts our key (once per lease) and looks whether it leads. */
  private void campaign() {
    if (closed) {
      return;
    }
    Leases.Lease current = null;
    try {
      if (ourKey == null) {
        Leases.Lease lease = store.leases().lease(store.settings().leaseTtl().toSeconds());
        current = lease;
        ByteSequence key = EtcdKeyValueStore.bytes(electionPrefix + Long.toHexString(lease.id) + "-"
            + UUID.randomUUID().toString().substring(0, 8));
        long revision = store.await(store.client().getKVClient().txn()
            .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
            .Then(Op.put(key, EtcdKeyValueStore.bytes(candidateId), PutOption.builder().withLeaseId(lease.id).build()))
            .commit()).getHeader().getRevision();
        ourKey = key;
        ourRevision = revision;
        leaseId = lease.id;
      }
      look();
      failures = 0;
    } catch (Exception e) {
      if (current != null && Leases.leaseNotFound(e)) {
        store.leases().forget(current); // the replacement starts this candidacy over
        return;
      }
      retryLater(e);
    }
  }

  /** Reads the oldest candidate; leads if it is us, else watches the election from this revision on. */
  private void look() throws Exception {
    GetResponse oldest = store.await(store.client().getKVClient().get(EtcdKeyValueStore.bytes(electionPrefix),
        GetOption.builder().isPrefix(true).withSortField(GetOption.SortTarget.CREATE)
            .withSortOrder(GetOption.SortOrder.ASCEND).withLimit(1).build()));
    KeyValue first = oldest.getKvs().isEmpty() ? null : oldest.getKvs().get(0);
    if (first == null || !ownKeyStillThere(first)) {
      // our key is gone (its lease expired): start over as a newcomer
      LOG.info("etcd election key gone election={} candidate={}; joining again", name, candidateId);
      dropKey();
      campaign();
      return;
    }
    boolean nowLeading = first.getKey().equals(ourKey);
    if (nowLeading && !leading) {
      token = first.getCreateRevision();
      leading = true;
      LOG.info("etcd election won election={} candidate={} fencing_token={}", name, candidateId, token);
    } else if (!nowLeading && leading) {
      leading = false;
      LOG.info("etcd election lost election={} candidate={}", name, candidateId);
    }
    watchFrom(oldest.getHeader().getRevision() + 1);
  }

  private boolean ownKeyStillThere(KeyValue first) throws Exception {
    if (first.getKey().equals(ourKey)) {
      return true;
    }
    return first.getCreateRevision() < ourRevision
        && !store.await(store.client().getKVClient().get(ourKey)).getKvs().isEmpty();
  }

  private void watchFrom(long revision) {
    stopWatcher();
    int mine = ++generation;
    watcher = store.client().getWatchClient().watch(EtcdKeyValueStore.bytes(electionPrefix),
        WatchOption.builder().isPrefix(true).withRevision(revision).withNoPut(true).build(),
        io.etcd.jetcd.Watch.listener(
            r -> {
              if (r.getEvents().stream().anyMatch(e -> e.getEventType() == WatchEvent.EventType.DELETE)) {
                store.maintenance().execute(() -> {
                  if (mine == generation) {
                    campaign();
                  }
                });
              }
            },
            t -> store.maintenance().execute(() -> {
              if (mine == generation) {
                retryLater(t);
              }
            }),
            () -> store.maintenance().execute(() -> {
              if (mine == generation) {
                retryLater(new IllegalStateException("election watch completed"));
              }
            })));
  }

  private void retryLater(Throwable e) {
    if (closed || store.isClosed()) {
      return;
    }
    long delay = Math.min(3000, 100L << Math.min(failures++, 5));
    LOG.debug("etcd election retry election={} in_ms={} after={}", name, delay, e.toString());
    try {
      store.maintenance().schedule(this::campaign, delay, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
      // the store is closing
    }
  }

  /** The lease was replaced: our key went with the old one. */
  private void startOver() {
    if (closed || (ourKey != null && store.leases().isCurrent(leaseId))) {
      return; // already on the new lease
    }
    if (leading) {
      LOG.warn("etcd election lost with its lease election={} candidate={}", name, candidateId);
    }
    leading = false;
    dropKey();
    campaign();
  }

  private void dropKey() {
    leading = false;
    if (ourKey != null) {
      store.deleteQuietly(ourKey);
    }
    ourKey = null;
    ourRevision = 0;
  }

  private void stopWatcher() {
    generation++;
    if (watcher != null) {
      try {
        watcher.close();
      } catch (RuntimeException e) {
        LOG.debug("etcd election watcher close election={} error={}", name, e.toString());
      }
      watcher = null;
    }
  }

  @Override
  public boolean isLeader() {
    return leading && !closed && !store.isClosed() && store.leases().valid(leaseId);
  }

  @Override
  public long fencingToken() {
    return token;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    leading = false;
    Runnable leave = () -> {
      stopWatcher();
      if (ourKey != null) {
        store.deleteQuietly(ourKey);
        ourKey = null;
      }
    };
    if (Thread.currentThread().getName().equals(EtcdKeyValueStore.MAINTENANCE_THREAD)) {
      leave.run();
      onClose.accept(this);
      return;
    }
    try {
      store.maintenance().submit(leave).get(store.settings().operationTimeout().toMillis() + 1000,
          TimeUnit.MILLISECONDS);
    } catch (Exception notOnTheThread) {
      if (notOnTheThread instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      LOG.debug("etcd election left without the maintenance thread election={} error={}", name,
          notOnTheThread.toString());
    }
    onClose.accept(this);
    LOG.info("etcd election left election={} candidate={}", name, candidateId);
  }

  @Override
  public String toString() {
    return "election=" + name + " candidate=" + candidateId + " key="
        + (ourKey == null ? "-" : ourKey.toString(StandardCharsets.UTF_8));
  }
}
