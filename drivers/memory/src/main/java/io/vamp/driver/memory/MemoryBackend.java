package io.vamp.driver.memory;

import io.vamp.driver.spi.kv.KeyPaths;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.WatchListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The data every client of one in-process store shares: values, one counter for versions and fencing
 * tokens, watches, ephemeral owners and election queues. Every method runs under one lock, and watch
 * calls are queued while it is held, so each watch sees the writes in the order they happened.
 */
final class MemoryBackend {

  private final String name;
  private final Object lock = new Object();
  private final TreeMap<String, Entry> data = new TreeMap<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final Map<String, Deque<Candidate>> elections = new HashMap<>();
  private long counter;

  MemoryBackend(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  private record Entry(String value, long version, MemoryKeyValueStore owner) {
    Versioned versioned() {
      return new Versioned(value, version);
    }
  }

  /** A watch: which keys, whose listener, delivered on the session's executor. */
  static final class Subscription {
    private final MemoryKeyValueStore session;
    private final String keyOrPrefix;
    private final boolean prefix;
    private final WatchListener listener;
    private volatile boolean open = true;

    Subscription(MemoryKeyValueStore session, String keyOrPrefix, boolean prefix, WatchListener listener) {
      this.session = session;
      this.keyOrPrefix = keyOrPrefix;
      this.prefix = prefix;
      this.listener = listener;
    }

    boolean covers(String key) {
      return prefix ? KeyPaths.isUnder(key, keyOrPrefix) : key.equals(keyOrPrefix);
    }

    void enqueue(String key, Optional<Versioned> value) {
      session.deliver(() -> {
        if (open) {
          listener.changed(key, value);
        }
      });
    }

    void cancel() {
      open = false;
    }

    MemoryKeyValueStore session() {
      return session;
    }
  }

  /** One client's place in one election. */
  static final class Candidate {
    private final String election;
    private final String id;
    private final MemoryKeyValueStore session;
    private long token;

    Candidate(String election, String id, MemoryKeyValueStore session) {
      this.election = election;
      this.id = id;
      this.session = session;
    }

    String id() {
      return id;
    }

    MemoryKeyValueStore session() {
      return session;
    }
  }

  Optional<Versioned> get(String key) {
    synchronized (lock) {
      return Optional.ofNullable(data.get(key)).map(Entry::versioned);
    }
  }

  SortedMap<String, Versioned> list(String normalizedPrefix) {
    synchronized (lock) {
      SortedMap<String, Versioned> out = new TreeMap<>();
      under(normalizedPrefix).forEach((k, e) -> out.put(k, e.versioned()));
      return Collections.unmodifiableSortedMap(out);
    }
  }

  long put(String key, String value, MemoryKeyValueStore owner) {
    synchronized (lock) {
      return write(key, value, owner);
    }
  }

  boolean compareAndSet(String key, long expectedVersion, String value) {
    synchronized (lock) {
      Entry current = data.get(key);
      long currentVersion = current == null ? 0 : current.version();
      if (currentVersion != expectedVersion) {
        return false;
      }
      write(key, value, current == null ? null : current.owner());
      return true;
    }
  }

  OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue) {
    synchronized (lock) {
      Entry fence = data.get(fenceKey);
      if (fence == null || !fence.value().equals(fenceValue)) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(write(key, value, null));
    }
  }

  boolean delete(String key) {
    synchronized (lock) {
      if (data.remove(key) == null) {
        return false;
      }
      notify(key, Optional.empty());
      return true;
    }
  }

  Subscription watch(MemoryKeyValueStore session, String keyOrPrefix, boolean prefix, WatchListener listener) {
    synchronized (lock) {
      Subscription subscription = new Subscription(session, keyOrPrefix, prefix, listener);
      if (prefix) {
        under(keyOrPrefix).forEach((k, e) -> subscription.enqueue(k, Optional.of(e.versioned())));
      } else {
        subscription.enqueue(keyOrPrefix, Optional.ofNullable(data.get(keyOrPrefix)).map(Entry::versioned));
      }
      subscriptions.add(subscription);
      return subscription;
    }
  }

  void unwatch(Subscription subscription) {
    synchronized (lock) {
      subscription.cancel();
      subscriptions.remove(subscription);
    }
  }

  Candidate join(String election, String candidateId, MemoryKeyValueStore session) {
    synchronized (lock) {
      Candidate candidate = new Candidate(election, candidateId, session);
      Deque<Candidate> queue = elections.computeIfAbsent(election, e -> new ArrayDeque<>());
      queue.addLast(candidate);
      if (queue.peekFirst() == candidate) {
        candidate.token = ++counter;
      }
      return candidate;
    }
  }

  boolean leads(Candidate candidate) {
    synchronized (lock) {
      Deque<Candidate> queue = elections.get(candidate.election);
      return queue != null && queue.peekFirst() == candidate;
    }
  }

  long token(Candidate candidate) {
    synchronized (lock) {
      return candidate.token;
    }
  }

  void leave(Candidate candidate) {
    synchronized (lock) {
      Deque<Candidate> queue = elections.get(candidate.election);
      if (queue == null) {
        return;
      }
      boolean wasLeader = queue.peekFirst() == candidate;
      queue.remove(candidate);
      if (queue.isEmpty()) {
        elections.remove(candidate.election);
      } else if (wasLeader) {
        queue.peekFirst().token = ++counter;
      }
    }
  }

  /** Ends a session: its ephemeral keys go (watchers see them go), its watches and candidacies end. */
  void endSession(MemoryKeyValueStore session) {
    synchronized (lock) {
      subscriptions.removeIf(s -> {
        if (s.session() == session) {
          s.cancel();
          return true;
        }
        return false;
      });
      List<String> owned = data.entrySet().stream()
          .filter(e -> e.getValue().owner() == session).map(Map.Entry::getKey).toList();
      owned.forEach(this::delete);
      for (Deque<Candidate> queue : List.copyOf(elections.values())) {
        queue.stream().filter(c -> c.session() == session).toList().forEach(this::leave);
      }
    }
  }

  private long write(String key, String value, MemoryKeyValueStore owner) {
    long version = ++counter;
    data.put(key, new Entry(value, version, owner));
    notify(key, Optional.of(new Versioned(value, version)));
    return version;
  }

  private void notify(String key, Optional<Versioned> value) {
    for (Subscription subscription : subscriptions) {
      if (subscription.covers(key)) {
        subscription.enqueue(key, value);
      }
    }
  }

  private SortedMap<String, Entry> under(String normalizedPrefix) {
    if (normalizedPrefix.equals("/")) {
      return data;
    }
    // keys under /a/b are /a/b itself and /a/b/...; '/' + 1 is '0', so [/a/b, /a/b0) holds /a/b/... but also
    // /a/b-x and /a/b.x, which the filter drops
    SortedMap<String, Entry> out = new TreeMap<>();
    data.subMap(normalizedPrefix, true, normalizedPrefix + '0', false).forEach((k, e) -> {
      if (KeyPaths.isUnder(k, normalizedPrefix)) {
        out.put(k, e);
      }
    });
    return out;
  }
}
