package io.vamp.driver.memory;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyPaths;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process {@link KeyValueStore}: one client (session) of a store that lives in this JVM.
 * Clients of the same store share its data, watches, ephemeral keys and elections, so a daemon and an
 * in-process gateway agent, or two daemons in one test, behave as with a real server.
 *
 * <p>Versions and fencing tokens come from one counter per store and only grow. Each client delivers
 * its watch calls on its own thread, in the order of the writes. Ephemeral keys live until their
 * client is closed (the TTL is not needed: a client cannot lose its session without its JVM). Nothing
 * is persisted: the data lives as long as the store's clients, or the JVM for a shared store.
 */
public final class MemoryKeyValueStore implements KeyValueStore {

  private static final System.Logger LOG = System.getLogger(MemoryKeyValueStore.class.getName());
  private static final ConcurrentMap<String, MemoryBackend> SHARED = new ConcurrentHashMap<>();
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final MemoryBackend backend;
  private final ExecutorService deliveries;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MemoryKeyValueStore(MemoryBackend backend) {
    this.backend = backend;
    String thread = "vamp-memory-kv-" + backend.name() + "-" + CLIENTS.incrementAndGet();
    this.deliveries = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, thread);
      t.setDaemon(true);
      return t;
    });
  }

  /** A client of a new store of its own: nothing else sees its data. */
  public static MemoryKeyValueStore open() {
    return new MemoryKeyValueStore(new MemoryBackend("private"));
  }

  /**
   * A new client of the JVM-wide store called {@code name}, created on first use. Every client of the
   * same name sees the same data, ephemeral keys and elections.
   */
  public static MemoryKeyValueStore shared(String name) {
    Objects.requireNonNull(name, "name");
    return new MemoryKeyValueStore(SHARED.computeIfAbsent(name, MemoryBackend::new));
  }

  /** Another client of the same store as this one. */
  public MemoryKeyValueStore newClient() {
    return new MemoryKeyValueStore(backend);
  }

  @Override
  public Optional<Versioned> get(String key) {
    checkOpen();
    return backend.get(KeyPaths.requireKey(key));
  }

  @Override
  public long put(String key, String value) {
    checkOpen();
    return backend.put(KeyPaths.requireKey(key), Objects.requireNonNull(value, "value"), null);
  }

  @Override
  public boolean delete(String key) {
    checkOpen();
    return backend.delete(KeyPaths.requireKey(key));
  }

  @Override
  public SortedMap<String, Versioned> list(String prefix) {
    checkOpen();
    return backend.list(KeyPaths.normalizePrefix(prefix));
  }

  @Override
  public boolean compareAndSet(String key, long expectedVersion, String value) {
    checkOpen();
    if (expectedVersion < 0) {
      throw new IllegalArgumentException("a version is 0 (absent) or positive: " + expectedVersion);
    }
    return backend.compareAndSet(KeyPaths.requireKey(key), expectedVersion, Objects.requireNonNull(value, "value"));
  }

  /** Checks the fence and writes under the store's one lock, so nothing can write between. */
  @Override
  public OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue) {
    checkOpen();
    return backend.putIfFenced(KeyPaths.requireKey(key), Objects.requireNonNull(value, "value"),
        KeyPaths.requireKey(fenceKey), Objects.requireNonNull(fenceValue, "fenceValue"));
  }

  @Override
  public Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener) {
    checkOpen();
    Objects.requireNonNull(listener, "listener");
    String path = prefix ? KeyPaths.normalizePrefix(keyOrPrefix) : KeyPaths.requireKey(keyOrPrefix);
    MemoryBackend.Subscription subscription = backend.watch(this, path, prefix, listener);
    return () -> backend.unwatch(subscription);
  }

  /** The TTL is accepted for the interface's sake: the key lives exactly as long as this client. */
  @Override
  public void putEphemeral(String key, String value, Duration ttl) {
    checkOpen();
    Objects.requireNonNull(ttl, "ttl");
    backend.put(KeyPaths.requireKey(key), Objects.requireNonNull(value, "value"), this);
  }

  @Override
  public LeaderElection elect(String name, String candidateId) {
    checkOpen();
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(candidateId, "candidateId");
    MemoryBackend.Candidate candidate = backend.join(name, candidateId, this);
    return new LeaderElection() {
      @Override
      public boolean isLeader() {
        return !closed.get() && backend.leads(candidate);
      }

      @Override
      public long fencingToken() {
        return backend.token(candidate);
      }

      @Override
      public void close() {
        backend.leave(candidate);
      }

      @Override
      public String toString() {
        return "election=" + name + " candidate=" + candidate.id();
      }
    };
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      backend.endSession(this);
      deliveries.shutdown();
    }
  }

  /** Queues one watch call on this client's delivery thread; a failing listener is logged and skipped. */
  void deliver(Runnable call) {
    try {
      deliveries.execute(() -> {
        try {
          call.run();
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "event=watch-listener-failed store=" + backend.name(), e);
        }
      });
    } catch (RejectedExecutionException closedAlready) {
      // this client was closed: its watches are over
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new DriverException("this memory key-value store client is closed", false);
    }
  }

  @Override
  public String toString() {
    return "MemoryKeyValueStore[" + backend.name() + "]";
  }
}
