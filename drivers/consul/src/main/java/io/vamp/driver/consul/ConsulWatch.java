package io.vamp.driver.consul;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.WatchDelivery;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch as a loop of Consul blocking queries on its own thread, following Consul's advice: wait on the
 * last {@code X-Consul-Index}, start again from 0 when the index goes backwards, never wait on an index
 * below 1, and rate-limit the loop (a token bucket: bursts of 5, then at most 10 queries a second). Every
 * answer is the full current state of the key or prefix, so after an outage the first answer carries the
 * latest values; {@link WatchDelivery} delivers only what changed, deletions included.
 */
final class ConsulWatch implements Watch {

  private static final Logger LOG = LoggerFactory.getLogger(ConsulWatch.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final int BURST = 5;
  private static final long REFILL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ConsulKeyValueStore store;
  private final String keyOrPrefix;
  private final boolean prefix;
  private final WatchDelivery delivery;
  private final Consumer<ConsulWatch> onClose;
  private final Thread loop;
  private volatile boolean closed;

  ConsulWatch(ConsulKeyValueStore store, String keyOrPrefix, boolean prefix, WatchListener listener,
              Consumer<ConsulWatch> onClose) {
    this.store = store;
    this.keyOrPrefix = keyOrPrefix;
    this.prefix = prefix;
    this.onClose = onClose;
    this.delivery = new WatchDelivery("consul", (prefix ? "prefix " : "key ") + keyOrPrefix, listener);
    this.loop = new Thread(this::run, "vamp-consul-watch-loop-" + THREADS.incrementAndGet());
    loop.setDaemon(true);
  }

  void start() {
    loop.start();
  }

  private void run() {
    String consulKey = prefix ? store.consulPrefix(keyOrPrefix) : store.consulKey(keyOrPrefix);
    long index = 0;
    int failures = 0;
    double tokens = BURST;
    long refilled = System.nanoTime();
    while (!closed && !store.isClosed()) {
      long now = System.nanoTime();
      tokens = Math.min(BURST, tokens + (double) (now - refilled) / REFILL_NANOS);
      refilled = now;
      if (tokens < 1) {
        LockSupport.parkNanos((long) ((1 - tokens) * REFILL_NANOS));
        continue;
      }
      tokens -= 1;
      try {
        ConsulHttp.Read read = store.http().read(consulKey, prefix, index, index > 0);
        if (closed) {
          return;
        }
        delivery.execute(() -> apply(read));
        long returned = read.index();
        index = returned < index ? 0 : Math.max(1, returned);
        failures = 0;
      } catch (DriverException e) {
        if (closed) {
          return;
        }
        long delay = Math.min(5000, 200L << Math.min(failures++, 5));
        LOG.debug("consul watch query failed watch={} retry_in_ms={} error={}", keyOrPrefix, delay, e.getMessage());
        if (!e.retryable()) {
          LOG.warn("consul watch refused watch={} error={}; retrying", keyOrPrefix, e.getMessage());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delay));
      } catch (RuntimeException e) {
        LOG.warn("consul watch failed watch={}; retrying", keyOrPrefix, e);
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
      }
    }
  }

  /** On the delivery thread: offer the state one answer shows. */
  private void apply(ConsulHttp.Read read) {
    SortedMap<String, Versioned> current = new TreeMap<>();
    store.collect(read.entries(), keyOrPrefix, current);
    if (prefix) {
      for (String gone : delivery.presentKeys()) {
        if (!current.containsKey(gone)) {
          delivery.offer(gone, Optional.empty(), read.index());
        }
      }
      current.forEach((k, v) -> delivery.offer(k, Optional.of(v), v.version()));
    } else {
      delivery.announce(keyOrPrefix, Optional.ofNullable(current.get(keyOrPrefix)), read.index());
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    delivery.close();
    onClose.accept(this);
  }
}
