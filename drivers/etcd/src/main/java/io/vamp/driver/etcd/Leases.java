package io.vamp.driver.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.common.exception.EtcdException;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's leases, one per TTL, kept alive by jetcd. A lease is "valid" while its last keep-alive
 * was acknowledged less than two thirds of its TTL ago: a leader that cannot reach etcd stops believing it
 * leads before the server can expire the lease and let another candidate win. A lease the server forgot
 * (expired during a partition) is replaced by a new one, and whoever used it is told, so ephemeral keys are
 * written again and candidacies start over.
 */
final class Leases {

  private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

  private final Client client;
  private final Settings settings;
  private final ScheduledExecutorService maintenance;
  private final Map<Long, Lease> byTtl = new ConcurrentHashMap<>();
  private final List<LongConsumer> replacedListeners = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** One granted lease and its keep-alive. */
  static final class Lease {
    final long id;
    final long ttlSeconds;
    volatile long lastAckNanos;
    volatile boolean lost;
    CloseableClient keepAlive;

    Lease(long id, long ttlSeconds) {
      this.id = id;
      this.ttlSeconds = ttlSeconds;
      this.lastAckNanos = System.nanoTime();
    }

    boolean valid() {
      return !lost && System.nanoTime() - lastAckNanos < TimeUnit.SECONDS.toNanos(ttlSeconds) * 2 / 3;
    }
  }

  Leases(Client client, Settings settings, ScheduledExecutorService maintenance) {
    this.client = client;
    this.settings = settings;
    this.maintenance = maintenance;
  }

  /** Called with the TTL of a lease that was replaced by a new one. */
  void onReplaced(LongConsumer listener) {
    replacedListeners.add(listener);
  }

  /** The current lease of this TTL, granted and kept alive on first use. */
  synchronized Lease lease(long ttlSeconds) throws Exception {
    Lease current = byTtl.get(ttlSeconds);
    if (current != null && !current.lost) {
      return current;
    }
    long id = client.getLeaseClient().grant(ttlSeconds)
        .get(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS).getID();
    Lease lease = new Lease(id, ttlSeconds);
    lease.keepAlive = client.getLeaseClient().keepAlive(id, new StreamObserver<>() {
      @Override
      public void onNext(LeaseKeepAliveResponse response) {
        lease.lastAckNanos = System.nanoTime();
      }

      @Override
      public void onError(Throwable t) {
        // jetcd reports a broken keep-alive stream and retries it; only "lease not found" is final
        if (t instanceof EtcdException e && e.getErrorCode() == io.etcd.jetcd.common.exception.ErrorCode.NOT_FOUND) {
          lost(lease, "expired on the server");
        } else {
          LOG.debug("etcd lease keep-alive failed lease={} error={}", Long.toHexString(id), t.toString());
        }
      }

      @Override
      public void onCompleted() {
        // jetcd gives up on a lease once its TTL passed without an answer
        lost(lease, "not renewed within its TTL");
      }
    });
    byTtl.put(ttlSeconds, lease);
    LOG.debug("etcd lease granted lease={} ttl_s={}", Long.toHexString(id), ttlSeconds);
    return lease;
  }

  /** Whether the lease with this id is this client's current, valid lease. */
  boolean valid(long leaseId) {
    for (Lease lease : byTtl.values()) {
      if (lease.id == leaseId) {
        return lease.valid();
      }
    }
    return false;
  }

  /** Whether this lease id is the current, not lost, lease of its TTL. */
  boolean isCurrent(long leaseId) {
    return byTtl.values().stream().anyMatch(l -> l.id == leaseId && !l.lost);
  }

  /** Whether a failure says the lease is unknown to the server (it expired or was revoked). */
  static boolean leaseNotFound(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (String.valueOf(t.getMessage()).contains("requested lease not found")) {
        return true;
      }
    }
    return false;
  }

  /** An operation found the lease gone before its keep-alive did: replace it now. */
  void forget(Lease lease) {
    lost(lease, "unknown to the server");
  }

  private void lost(Lease lease, String why) {
    if (closed || lease.lost) {
      return;
    }
    lease.lost = true;
    LOG.warn("etcd lease lost lease={} ttl_s={} reason={}; granting a new one", Long.toHexString(lease.id),
        lease.ttlSeconds, why);
    if (lease.keepAlive != null) {
      lease.keepAlive.close();
    }
    // if the server still has it, its keys would linger until it expires: revoke it (best effort)
    client.getLeaseClient().revoke(lease.id).exceptionally(t -> null);
    maintenance.execute(() -> replace(lease.ttlSeconds, 0));
  }

  private void replace(long ttlSeconds, int attempt) {
    if (closed) {
      return;
    }
    try {
      lease(ttlSeconds);
      for (LongConsumer listener : replacedListeners) {
        try {
          listener.accept(ttlSeconds);
        } catch (RuntimeException e) {
          LOG.warn("etcd lease replacement listener failed ttl_s={}", ttlSeconds, e);
        }
      }
    } catch (Exception e) {
      long delay = Math.min(5000, 250L << Math.min(attempt, 5));
      LOG.debug("etcd lease not granted yet ttl_s={} retry_in_ms={} error={}", ttlSeconds, delay, e.toString());
      maintenance.schedule(() -> replace(ttlSeconds, attempt + 1), delay, TimeUnit.MILLISECONDS);
    }
  }

  /** Revokes every lease: the server deletes their keys at once. */
  void close() {
    closed = true;
    for (Lease lease : byTtl.values()) {
      if (lease.keepAlive != null) {
        lease.keepAlive.close();
      }
      try {
        client.getLeaseClient().revoke(lease.id).get(settings.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.debug("etcd lease not revoked lease={} error={} (it expires by itself)", Long.toHexString(lease.id),
            e.toString());
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
    }
    byTtl.clear();
  }
}
