package io.vamp.driver.haproxy.agent;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Coalesces bursts: after an offer, waits until nothing new came for {@code quiet}, but never longer
 * than {@code maxDelay} after the first offer of the burst, then hands only the latest value to the
 * action, on the executor. With a single-threaded executor the action never runs twice at once, and
 * offers made while it runs are coalesced into the next run.
 */
final class Coalescer<T> {
  private final ScheduledExecutorService executor;
  private final long quietNanos;
  private final long maxDelayNanos;
  private final Consumer<T> action;

  private T latest;
  private boolean pending;
  private long firstAt;
  private ScheduledFuture<?> scheduled;

  Coalescer(ScheduledExecutorService executor, Duration quiet, Duration maxDelay, Consumer<T> action) {
    if (quiet.isNegative() || maxDelay.compareTo(quiet) < 0) {
      throw new IllegalArgumentException("need 0 <= quiet <= maxDelay, got quiet " + quiet + ", maxDelay " + maxDelay);
    }
    this.executor = executor;
    this.quietNanos = quiet.toNanos();
    this.maxDelayNanos = maxDelay.toNanos();
    this.action = action;
  }

  synchronized void offer(T value) {
    long now = System.nanoTime();
    latest = value;
    if (!pending) {
      pending = true;
      firstAt = now;
    }
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    long delay = Math.max(0, Math.min(quietNanos, firstAt + maxDelayNanos - now));
    scheduled = executor.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
  }

  private void fire() {
    T value;
    synchronized (this) {
      if (!pending) {
        return;
      }
      value = latest;
      latest = null;
      pending = false;
      scheduled = null;
    }
    action.accept(value);
  }
}
