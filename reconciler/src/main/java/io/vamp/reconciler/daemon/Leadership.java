package io.vamp.reconciler.daemon;

import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.reconciler.loop.FencedKeyValueStore;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer among several daemons on one store. The daemons elect a leader through the key-value
 * store; only the leader reconciles. Because an election alone cannot stop a deposed leader that has
 * not noticed yet (a long GC pause, a partition), every write to the store is fenced: a new leader
 * raises the fence key to its token, checks the fence before each action, and writes through
 * {@link FencedKeyValueStore}, whose every put the store makes only if the fence still holds this
 * daemon's token, atomically with the write. A refused write means another leader raised the fence:
 * this daemon stops leading with that token (logged once) and stands by.
 *
 * <p>The scheduler and the ledger cannot be fenced through the store: a deposed leader may still
 * finish the one scheduler or ledger call it was making when it paused (the next check stops it).
 */
final class Leadership implements AutoCloseable, FencedKeyValueStore.Fence {
  private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

  private final KeyValueStore store;
  private final LeaderElection election;
  private final String fenceKey;
  private final String candidate;
  private long fencedAt = -1;
  /** The last token found fenced out, so that it is logged once. */
  private long fencedOutAt = -1;
  private boolean leading;

  Leadership(KeyValueStore store, String namespace, String candidate) {
    this.store = store;
    this.candidate = candidate;
    this.election = store.elect("vamp-" + namespace, candidate);
    this.fenceKey = "/vamp/" + namespace + "/leader/fence";
  }

  /**
   * Whether this daemon may write now: it leads, and the fence has not moved past its token. On
   * becoming leader it raises the fence to its own token first.
   */
  synchronized boolean mayWrite() {
    boolean leads;
    try {
      leads = election.isLeader();
    } catch (RuntimeException e) {
      leads = false;
    }
    if (!leads) {
      if (leading) {
        LOG.warn("leadership lost candidate={}", candidate);
      }
      leading = false;
      return false;
    }
    long token = election.fencingToken();
    try {
      if (token != fencedAt && !raiseFence(token)) {
        leading = false;
        return false;
      }
    } catch (RuntimeException e) {
      // the store is away: not leading this round
      LOG.warn("cannot raise the fence candidate={} reason=\"{}\"", candidate, e.getMessage());
      return false;
    }
    if (!leading) {
      LOG.info("leadership taken candidate={} token={}", candidate, token);
    }
    leading = true;
    return true;
  }

  /** Raises the fence to {@code token} unless a newer leader already raised it higher. */
  private boolean raiseFence(long token) {
    for (int attempt = 0; attempt < 5; attempt++) {
      Optional<Versioned> fence = store.get(fenceKey);
      long current = fence.map(v -> Long.parseLong(v.value().trim())).orElse(-1L);
      if (current > token) {
        if (fencedOutAt != token) {
          LOG.warn("fenced out candidate={} token={} fence={}", candidate, token, current);
          fencedOutAt = token;
        }
        return false;
      }
      if (current == token || store.compareAndSet(fenceKey, fence.map(Versioned::version).orElse(0L),
          Long.toString(token))) {
        fencedAt = token;
        return true;
      }
    }
    return false;
  }

  /** Whether this daemon still holds the fence it raised (checked before each action). */
  synchronized boolean stillFenced() {
    try {
      return election.isLeader()
          && store.get(fenceKey).map(v -> Long.parseLong(v.value().trim()) == fencedAt).orElse(false);
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public String key() {
    return fenceKey;
  }

  /** The token this daemon raised the fence to, while it leads with it. */
  @Override
  public synchronized OptionalLong token() {
    return leading && fencedAt >= 0 ? OptionalLong.of(fencedAt) : OptionalLong.empty();
  }

  /**
   * A fenced write was refused: a newer leader raised the fence past {@code token}. This daemon stops
   * leading with it; the next {@link #mayWrite} looks at the fence again (and finds it higher, unless the
   * fence key was removed meanwhile) and never writes with this token again.
   */
  @Override
  public synchronized void refused(long token, String key) {
    if (token != fencedAt) {
      return; // already known
    }
    LOG.warn("fenced write refused, leadership lost candidate={} token={} key={}", candidate, token, key);
    fencedOutAt = token;
    fencedAt = -1;
    leading = false;
  }

  @Override
  public void close() {
    election.close();
  }
}
