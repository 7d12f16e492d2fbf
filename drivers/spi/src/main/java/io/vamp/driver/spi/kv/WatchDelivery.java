package io.vamp.driver.spi.kv;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch's calls to its listener, shared by the drivers whose stores deliver events and re-reads: one at a time on the watch's own thread, and never the same state
 * twice. A state is offered with the version it was read at; the listener hears of it only when it
 * differs from what it last heard for that key (a newer version, or a deletion of a key it saw present),
 * so a change seen both through an event and through a re-read after a reconnect is delivered once, and
 * a stale read never moves a key backwards.
 *
 * <p>Every method but {@link #execute}, {@link #schedule} and {@link #close} runs on the watch's thread.
 */
public final class WatchDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(WatchDelivery.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final String watched;
  private final WatchListener listener;
  private final ScheduledExecutorService thread;
  /** Keys the listener last heard as present, with that version. */
  private final Map<String, Long> present = new HashMap<>();
  /** The highest version (or revision of a deletion) the listener heard of, per key. */
  private final Map<String, Long> highest = new HashMap<>();
  private final Set<String> announced = new HashSet<>();
  private volatile boolean closed;

  /**
   * @param backend names the watch's thread ({@code vamp-<backend>-watch-N})
   * @param watched what is watched, for log lines
   */
  public WatchDelivery(String backend, String watched, WatchListener listener) {
    this.watched = watched;
    this.listener = listener;
    String name = "vamp-" + backend + "-watch-" + THREADS.incrementAndGet();
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Runs {@code task} on the watch's thread, after everything queued before; nothing once closed. */
  public void execute(Runnable task) {
    schedule(task, 0);
  }

  public void schedule(Runnable task, long delayMillis) {
    if (closed) {
      return;
    }
    try {
      thread.schedule(() -> {
        if (!closed) {
          task.run();
        }
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closedMeanwhile) {
      // closed: the watch is over
    }
  }

  /**
   * Offers the state of {@code key} as read; {@code revision} orders it against earlier ones (the
   * version of a present value; for an absent one the revision the read was made at, or 0 when the
   * backend cannot tell, which always counts as newer).
   */
  public void offer(String key, Optional<Versioned> state, long revision) {
    Long last = highest.get(key);
    if (state.isPresent()) {
      long version = state.get().version();
      if (last != null && version <= last) {
        return;
      }
      highest.put(key, version);
      present.put(key, version);
      call(key, state);
    } else {
      if (revision > 0 && last != null && revision <= last) {
        return;
      }
      if (revision > 0) {
        highest.put(key, revision);
      }
      if (present.remove(key) != null) {
        call(key, state);
      }
    }
  }

  /** The first call of a key watch: the current state, even when that is "absent". */
  public void announce(String key, Optional<Versioned> state, long revision) {
    if (announced.add(key)) {
      if (state.isPresent()) {
        offer(key, state, revision);
      } else {
        if (revision > 0) {
          highest.merge(key, revision, Math::max);
        }
        call(key, state);
      }
    } else {
      offer(key, state, revision);
    }
  }

  /** The keys the listener last heard as present. */
  public Set<String> presentKeys() {
    return Set.copyOf(present.keySet());
  }

  public boolean isClosed() {
    return closed;
  }

  public void close() {
    closed = true;
    thread.shutdownNow();
  }

  private void call(String key, Optional<Versioned> state) {
    if (closed) {
      return;
    }
    try {
      listener.changed(key, state);
    } catch (RuntimeException e) {
      LOG.warn("event=watch-listener-failed watch={} key={}", watched, key, e);
    }
  }
}
