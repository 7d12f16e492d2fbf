package io.vamp.driver.haproxy.agent;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded in-memory queue of request logs: the agent offers, a shipper drains. When the queue is
 * full new records are dropped (never the agent's thread blocked) and counted.
 */
public final class BoundedRequestLogSink implements RequestLogSink {
  private final BlockingQueue<RequestLog> queue;
  private final AtomicLong dropped = new AtomicLong();

  public BoundedRequestLogSink(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
  }

  @Override
  public boolean offer(RequestLog record) {
    if (queue.offer(record)) {
      return true;
    }
    dropped.incrementAndGet();
    return false;
  }

  /** The oldest record, waiting up to {@code timeout} for one. */
  public Optional<RequestLog> poll(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** Moves up to {@code max} records, oldest first, into {@code target}; returns how many. */
  public int drainTo(Collection<? super RequestLog> target, int max) {
    return queue.drainTo(target, max);
  }

  public int size() {
    return queue.size();
  }

  /** How many records were refused because the queue was full. */
  public long dropped() {
    return dropped.get();
  }
}
