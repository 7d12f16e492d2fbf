package io.vamp.driver.consul;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.LeaderElection;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One candidacy, as Consul's leader-election guide does it: a loop on its own thread that reads the lock
 * key {@code <prefix>~vamp/elections/<name>} with a blocking query and, whenever no session holds it,
 * acquires it ({@code PUT ?acquire=<session>}) with this candidacy's id as value. The {@code ModifyIndex}
 * the acquisition gave the key is the fencing token: every acquisition is a new write with a greater Raft
 * index. When the session ends (closed, or not renewed within its TTL) Consul deletes the key and the
 * others acquire it, after the session's lock-delay if it was invalidated rather than released. Closing a
 * candidacy releases the lock ({@code ?release=}), which hands over at once. {@link #isLeader()} also
 * requires the session to have been renewed within two thirds of its TTL.
 */
final class ConsulLeaderElection implements LeaderElection {

  private static final Logger LOG = LoggerFactory.getLogger(ConsulLeaderElection.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ConsulKeyValueStore store;
  private final String name;
  private final String candidateId;
  private final String lockKey;
  /** The lock's value while this candidacy holds it: who leads, and which of its candidacies. */
  private final String holder;
  private final Consumer<ConsulLeaderElection> onClose;
  private final Thread loop;
  private volatile boolean closed;
  private volatile boolean leading;
  private volatile String heldBySession;
  private volatile long token;

  ConsulLeaderElection(ConsulKeyValueStore store, String name, String candidateId,
                       Consumer<ConsulLeaderElection> onClose) {
    this.store = store;
    this.name = name;
    this.candidateId = candidateId;
    this.lockKey = store.settings().prefix() + ConsulKeyValueStore.INTERNAL + "elections/"
        + name.replace("%", "%25").replace("/", "%2F");
    this.holder = candidateId + " (" + UUID.randomUUID().toString().substring(0, 8) + ")";
    this.onClose = onClose;
    this.loop = new Thread(this::run, "vamp-consul-election-" + THREADS.incrementAndGet());
    loop.setDaemon(true);
  }

  void start() {
    loop.start();
  }

  private void run() {
    long index = 0;
    int failures = 0;
    while (!closed && !store.isClosed()) {
      try {
        String session = store.session().id();
        ConsulHttp.Read read = store.http().read(lockKey, false, index, index > 0);
        if (closed) {
          return;
        }
        long returned = read.index();
        index = returned < index ? 0 : Math.max(1, returned);
        Optional<ConsulHttp.Entry> lock = read.entries().stream().filter(e -> e.key().equals(lockKey)).findFirst();
        failures = 0;
        if (lock.isPresent() && lock.get().session().equals(session) && lock.get().value().equals(holder)) {
          continue; // still ours: wait for a change
        }
        if (leading) {
          leading = false;
          LOG.info("consul election lost election={} candidate={}", name, candidateId);
        }
        if (lock.isPresent() && lock.get().locked()) {
          continue; // someone (maybe another candidacy of this client) leads: wait for a change
        }
        if (tryAcquire(session)) {
          index = 0;
        } else {
          // refused although free: a lock-delay runs, or someone was faster; look again soon
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
          index = 0;
        }
      } catch (DriverException e) {
        if (closed) {
          return;
        }
        long delay = Math.min(3000, 200L << Math.min(failures++, 4));
        LOG.debug("consul election query failed election={} retry_in_ms={} error={}", name, delay, e.getMessage());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
        index = 0;
      } catch (RuntimeException e) {
        LOG.warn("consul election loop failed election={}; retrying", name, e);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
        index = 0;
      }
    }
  }

  private boolean tryAcquire(String session) {
    boolean acquired;
    try {
      acquired = store.http().put(lockKey, holder, "acquire=" + session,
          "flags=" + ConsulKeyValueStore.nonce());
    } catch (ConsulHttp.InvalidSession gone) {
      store.session().lost(session);
      return false;
    }
    if (!acquired) {
      return false;
    }
    Optional<ConsulHttp.Entry> mine = store.http().get(lockKey);
    if (mine.isPresent() && mine.get().session().equals(session) && mine.get().value().equals(holder)) {
      token = mine.get().modifyIndex();
      heldBySession = session;
      leading = true;
      LOG.info("consul election won election={} candidate={} fencing_token={}", name, candidateId, token);
      if (closed) {
        release(session);
      }
      return true;
    }
    return false;
  }

  private void release(String session) {
    try {
      store.http().put(lockKey, holder, "release=" + session, "flags=" + ConsulKeyValueStore.nonce());
    } catch (RuntimeException e) {
      LOG.debug("consul election lock not released election={} error={} (the session ends it)", name, e.toString());
    }
  }

  @Override
  public boolean isLeader() {
    return leading && !closed && !store.isClosed() && store.session().valid(heldBySession);
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
    boolean wasLeading = leading;
    leading = false;
    String session = heldBySession;
    if (wasLeading && session != null && store.session().current(session)) {
      release(session);
    }
    onClose.accept(this);
    LOG.info("consul election left election={} candidate={}", name, candidateId);
  }

  @Override
  public String toString() {
    return "election=" + name + " candidate=" + candidateId;
  }
}
