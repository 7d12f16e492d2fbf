package io.vamp.driver.consul;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This client's Consul session: created on first use with the configured TTL, {@code Behavior=delete} and
 * lock-delay, renewed every third of its TTL. It is "valid" while the last renewal was acknowledged less
 * than two thirds of the TTL ago (Consul never invalidates a session before its TTL). When Consul no
 * longer knows it (it expired during a partition), a new one is made and the listeners are told, so
 * ephemeral keys are acquired again and candidacies start over.
 */
final class ConsulSession {

  private static final Logger LOG = LoggerFactory.getLogger(ConsulSession.class);

  private final ConsulHttp http;
  private final Settings settings;
  private final ScheduledExecutorService maintenance;
  private final List<Consumer<String>> replacedListeners = new CopyOnWriteArrayList<>();
  private volatile String id;
  private volatile long lastRenewNanos;
  private volatile boolean closed;
  private ScheduledFuture<?> renewal;

  ConsulSession(ConsulHttp http, Settings settings, ScheduledExecutorService maintenance) {
    this.http = http;
    this.settings = settings;
    this.maintenance = maintenance;
  }

  /** Called with the new session's id after the old one was lost. */
  void onReplaced(Consumer<String> listener) {
    replacedListeners.add(listener);
  }

  /** The current session's id, created on first use. */
  synchronized String id() {
    if (closed) {
      throw new io.vamp.driver.spi.DriverException("this consul key-value store client is closed", false);
    }
    if (id == null) {
      id = http.createSession("vamp");
      lastRenewNanos = System.nanoTime();
      long period = Math.max(1000, settings.sessionTtl().toMillis() / 3);
      renewal = maintenance.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
      LOG.debug("consul session created session={} ttl_s={}", id, settings.sessionTtl().toSeconds());
    }
    return id;
  }

  /** Whether {@code sessionId} is the current session and was renewed recently enough to still hold. */
  boolean valid(String sessionId) {
    return !closed && sessionId != null && sessionId.equals(id)
        && System.nanoTime() - lastRenewNanos < TimeUnit.MILLISECONDS.toNanos(settings.sessionTtl().toMillis()) * 2 / 3;
  }

  /** Whether {@code sessionId} is the current session (renewed or not). */
  boolean current(String sessionId) {
    return sessionId != null && sessionId.equals(id);
  }

  private void renew() {
    String current = id;
    if (closed || current == null) {
      return;
    }
    try {
      if (http.renewSession(current)) {
        lastRenewNanos = System.nanoTime();
      } else {
        lost(current);
      }
    } catch (RuntimeException e) {
      LOG.debug("consul session renewal failed session={} error={}", current, e.toString());
    }
  }

  /** Consul does not know the session any more (it says so on renewal, or refuses a lock with it). */
  void lost(String sessionId) {
    String fresh;
    synchronized (this) {
      if (closed || !sessionId.equals(id)) {
        return;
      }
      LOG.warn("consul session lost session={}; creating a new one", sessionId);
      if (renewal != null) {
        renewal.cancel(false);
      }
      id = null;
      try {
        fresh = id();
      } catch (RuntimeException e) {
        LOG.debug("consul session not created yet error={}; retrying", e.toString());
        maintenance.schedule(() -> retryCreate(1), 1, TimeUnit.SECONDS);
        return;
      }
    }
    tell(fresh);
  }

  private void retryCreate(int attempt) {
    String fresh;
    synchronized (this) {
      if (closed || id != null) {
        return;
      }
      try {
        fresh = id();
      } catch (RuntimeException e) {
        long delay = Math.min(5000, 500L << Math.min(attempt, 4));
        maintenance.schedule(() -> retryCreate(attempt + 1), delay, TimeUnit.MILLISECONDS);
        return;
      }
    }
    tell(fresh);
  }

  private void tell(String fresh) {
    for (Consumer<String> listener : replacedListeners) {
      maintenance.execute(() -> listener.accept(fresh));
    }
  }

  /** Destroys the session: Consul deletes the keys it still holds. */
  void close() {
    String current;
    synchronized (this) {
      closed = true;
      current = id;
      if (renewal != null) {
        renewal.cancel(false);
      }
    }
    if (current != null) {
      try {
        http.destroySession(current);
      } catch (RuntimeException e) {
        LOG.debug("consul session not destroyed session={} error={} (it expires by itself)", current, e.toString());
      }
    }
  }
}
