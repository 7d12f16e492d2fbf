package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.ledger.Ledger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a {@link Ledger}'s event outbox into a sink: takes the oldest {@link Ledger#pendingEvents
 * pending} events, delivers them in one batch, and {@link Ledger#markDelivered marks} only those the
 * sink acknowledged. While the sink fails it waits by {@link Backoff}; events wait in the ledger, so an
 * outage delays them and loses none. Sending an event again (acknowledged but not yet marked when the
 * daemon died) stores it once, since the sink writes by event id.
 *
 * <p>An event the sink rejects for good (Elasticsearch answered 400: it cannot be indexed as it is) is
 * logged and marked delivered, so it cannot block the outbox; it stays in the ledger.
 *
 * <p>One thread. {@link #start()} drains at once and then every {@code interval}; {@link #wake()} asks
 * for a drain now (after the daemon appended events), unless a backoff is running; {@link #stop()}
 * waits for a drain in flight.
 */
public final class OutboxShipper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxShipper.class);

  /** What the shipper has done so far. */
  public record Stats(long delivered, long rejected, long failedAttempts, int consecutiveFailures,
      Optional<String> lastError) {}

  private final Ledger ledger;
  private final EventDelivery sink;
  private final Backoff backoff;
  private final Duration interval;
  private final int batchSize;
  private final ScheduledExecutorService executor;
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failedAttempts = new AtomicLong();
  private volatile int consecutiveFailures;
  private volatile String lastError;
  private ScheduledFuture<?> next;
  private boolean started;
  private boolean stopped;

  public OutboxShipper(Ledger ledger, EventDelivery sink) {
    this(ledger, sink, Backoff.DEFAULT, Duration.ofSeconds(1), 500);
  }

  /**
   * @param interval  how often to look at the outbox when all is well
   * @param batchSize events per bulk request
   */
  public OutboxShipper(Ledger ledger, EventDelivery sink, Backoff backoff, Duration interval, int batchSize) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.backoff = Objects.requireNonNull(backoff, "backoff");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive");
    }
    this.batchSize = batchSize;
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "vamp-outbox-shipper");
      thread.setDaemon(true);
      return thread;
    });
  }

  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    LOG.info("outbox shipper started interval={} batch={}", interval, batchSize);
    schedule(Duration.ZERO);
  }

  /** Drain now, unless waiting out a failure. */
  public synchronized void wake() {
    if (!started || stopped || consecutiveFailures > 0) {
      return;
    }
    if (next != null && next.getDelay(TimeUnit.MILLISECONDS) > 0 && next.cancel(false)) {
      schedule(Duration.ZERO);
    }
  }

  /** Stops scheduling and waits up to 30 s for a drain in flight; events not yet sent stay in the ledger. */
  public void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      if (next != null) {
        next.cancel(false);
      }
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    LOG.info("outbox shipper stopped delivered={} rejected={}", delivered.get(), rejected.get());
  }

  @Override
  public void close() {
    stop();
  }

  public Stats stats() {
    return new Stats(delivered.get(), rejected.get(), failedAttempts.get(), consecutiveFailures,
        Optional.ofNullable(lastError));
  }

  private synchronized void schedule(Duration delay) {
    if (stopped) {
      return;
    }
    next = executor.schedule(this::run, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    boolean ok;
    try {
      ok = drain();
    } catch (RuntimeException e) {
      ok = false;
      fail("drain failed: " + e);
    }
    if (ok) {
      if (consecutiveFailures > 0) {
        LOG.info("outbox shipper recovered after_failures={}", consecutiveFailures);
      }
      consecutiveFailures = 0;
      lastError = null;
      schedule(interval);
    } else {
      Duration wait = backoff.delay(consecutiveFailures, ThreadLocalRandom.current()::nextDouble);
      LOG.debug("outbox shipper backing off failures={} wait={}", consecutiveFailures, wait);
      schedule(wait);
    }
  }

  /**
   * Delivers pending events, batch after batch, until none is left or a batch does not fully go
   * through. Returns whether it ended with nothing left to retry. Public for tests and for a daemon
   * that wants to drain once on shutdown.
   */
  public boolean drain() {
    while (!Thread.currentThread().isInterrupted()) {
      List<Event> batch = ledger.pendingEvents(batchSize);
      if (batch.isEmpty()) {
        return true;
      }
      Delivery delivery;
      try {
        delivery = sink.deliver(batch);
      } catch (DriverException e) {
        fail("batch of " + batch.size() + " not delivered (retryable=" + e.retryable() + "): " + e.getMessage());
        return false;
      }
      List<String> done = new ArrayList<>(delivery.acknowledged());
      delivery.rejected().forEach((id, reason) -> {
        LOG.warn("event rejected by the sink, kept in the ledger only id={} reason=\"{}\"", id, reason);
        done.add(id);
      });
      ledger.markDelivered(done);
      delivered.addAndGet(delivery.acknowledged().size());
      rejected.addAndGet(delivery.rejected().size());
      LOG.debug("outbox batch delivered={} rejected={} retry={}", delivery.acknowledged().size(),
          delivery.rejected().size(), delivery.retryable().size());
      if (!delivery.retryable().isEmpty()) {
        fail(delivery.retryable().size() + " of " + batch.size() + " events to retry, e.g. "
            + delivery.retryable().values().iterator().next());
        return false;
      }
      if (batch.size() < batchSize) {
        return true;
      }
    }
    return true;
  }

  private void fail(String message) {
    failedAttempts.incrementAndGet();
    consecutiveFailures++;
    lastError = message;
    // the first failure of a run at warn, the rest at debug: an outage is one line, not one per attempt
    if (consecutiveFailures == 1) {
      LOG.warn("outbox shipper failing, events wait in the ledger error=\"{}\"", message);
    } else {
      LOG.debug("outbox shipper still failing failures={} error=\"{}\"", consecutiveFailures, message);
    }
  }
}
