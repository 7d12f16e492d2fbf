package io.vamp.reconciler.git;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When the daemon polls next: {@link #await()} blocks until the interval has passed since it was
 * called, or until {@link #trigger()} (a verified webhook) or {@link #close()}. A trigger that
 * arrives while no one waits is kept, so the next {@code await()} returns at once; several
 * triggers before a wake count as one. The waiting thread sleeps on a condition: no busy loop.
 */
public final class PollSchedule implements AutoCloseable {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration MINIMUM_INTERVAL = Duration.ofSeconds(1);

  /** Why {@link #await()} returned. */
  public enum Wake { INTERVAL, TRIGGERED, CLOSED }

  private final Duration interval;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private boolean triggered;
  private boolean closed;

  public PollSchedule() {
    this(DEFAULT_INTERVAL);
  }

  /** @throws IllegalArgumentException if {@code interval} is under {@link #MINIMUM_INTERVAL} */
  public PollSchedule(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.compareTo(MINIMUM_INTERVAL) < 0) {
      throw new IllegalArgumentException("the poll interval must be at least "
          + MINIMUM_INTERVAL.toSeconds() + " s, not " + interval);
    }
    this.interval = interval;
  }

  public Duration interval() {
    return interval;
  }

  /** Asks for a poll now; never blocks. */
  public void trigger() {
    lock.lock();
    try {
      triggered = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until the interval passes, a trigger, or close (which wins over the other two). */
  public Wake await() throws InterruptedException {
    lock.lock();
    try {
      long remaining = interval.toNanos();
      while (!closed && !triggered && remaining > 0) {
        remaining = changed.awaitNanos(remaining);
      }
      if (closed) {
        return Wake.CLOSED;
      }
      if (triggered) {
        triggered = false;
        return Wake.TRIGGERED;
      }
      return Wake.INTERVAL;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiter with {@link Wake#CLOSED}; later calls to {@link #await()} return at once. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "PollSchedule[every " + interval.toMillis() + " ms]";
  }
}
