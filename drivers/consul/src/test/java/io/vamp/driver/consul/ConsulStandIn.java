package io.vamp.driver.consul;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * An in-process stand-in for the parts of Consul's HTTP API (v1) the Consul driver uses, written from
 * Consul's documentation (api-docs kv, txn, session, features/blocking) and, where the documentation is
 * silent, from the behaviour of Consul's state store ({@code agent/consul/state/kvs.go}): no code of
 * Consul's is copied. Consul itself cannot run on these machines; this is the most faithful thing that can.
 *
 * <p>What it does, as Consul does:
 * <ul>
 *   <li>{@code GET /v1/kv/<key>} (404 when absent) and {@code ?recurse}, with {@code X-Consul-Index}: for one
 *       key the index of the whole KV table, for a prefix the highest {@code ModifyIndex} (or deletion) under
 *       it. Blocking queries ({@code ?index=&wait=}, wait 5 min by default, at most 10 min, plus up to
 *       wait/16 of jitter) return at once when the index already moved, else when the key (or something
 *       under the prefix) changes, else at the timeout.</li>
 *   <li>{@code PUT /v1/kv/<key>} with {@code ?flags=}, {@code ?cas=} (0: only if absent), {@code ?acquire=}
 *       and {@code ?release=}, answering {@code true}/{@code false}; a write that changes nothing (same value,
 *       flags and session) is skipped and keeps its {@code ModifyIndex}; a plain write keeps the lock
 *       holder; acquiring increments {@code LockIndex}; releasing writes the body as the value; an unknown
 *       session is HTTP 500 {@code invalid session}; a key in lock-delay is refused; values over 512 KiB are
 *       HTTP 413.</li>
 *   <li>{@code DELETE /v1/kv/<key>} with {@code ?recurse} and {@code ?cas=} (0 deletes nothing); deletions
 *       leave tombstones so that prefix indexes never go backwards (tombstones are never reaped here).</li>
 *   <li>{@code PUT /v1/txn} with the KV verbs set, cas, lock, unlock, get, get-tree, check-index,
 *       check-session, check-not-exists, delete, delete-tree, delete-cas: all or nothing, one Raft index,
 *       200 with {@code Results} or 409 with {@code Errors}.</li>
 *   <li>{@code /v1/session/create|destroy|renew|info|list}: TTL between 10s and 24h (else 400), behaviors
 *       release and delete, lock-delay (15s by default, a number below 1000 meaning seconds); a TTL
 *       session is invalidated when not renewed within twice its TTL (Consul's TTL multiplier); renewing
 *       an unknown session is 404. Invalidation releases or deletes the keys the session holds and puts
 *       them in lock-delay.</li>
 *   <li>ACLs, when a token is required: {@code X-Consul-Token} (or {@code ?token=}); none is 403
 *       {@code Permission denied}, a wrong one 403 {@code ACL not found}.</li>
 *   <li>TLS with a required client certificate, when started with an {@link SSLContext}.</li>
 *   <li>{@link #stop()} and {@link #start()} keep the data and the port, like a server restart; session
 *       timers start afresh after a restart, as on a new Consul leader.</li>
 * </ul>
 * Not here: other endpoints, datacenters, namespaces, consistency modes, agent caching, node health
 * checks of sessions, tombstone reaping.
 */
final class ConsulStandIn implements AutoCloseable {

  static final int MAX_VALUE_BYTES = 512 * 1024;
  private static final long TTL_MULTIPLIER = 2;
  private static final Duration DEFAULT_WAIT = Duration.ofMinutes(5);
  private static final Duration MAX_WAIT = Duration.ofMinutes(10);
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Entry(String key, byte[] value, long flags, long createIndex, long modifyIndex, long lockIndex,
                       String session) {
    boolean sameContent(byte[] otherValue, long otherFlags, String otherSession) {
      return Arrays.equals(value, otherValue) && flags == otherFlags && Objects.equals(session, otherSession);
    }
  }

  private static final class Session {
    final String id;
    final String name;
    final Duration ttl;
    final String behavior;
    final Duration lockDelay;
    final long createIndex;
    ScheduledFuture<?> timer;

    Session(String id, String name, Duration ttl, String behavior, Duration lockDelay, long createIndex) {
      this.id = id;
      this.name = name;
      this.ttl = ttl;
      this.behavior = behavior;
      this.lockDelay = lockDelay;
      this.createIndex = createIndex;
    }
  }

  /** A rolled-back transaction operation. */
  private static final class TxnFailure extends Exception {
    private static final long serialVersionUID = 1L;

    TxnFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final Object lock = new Object();
  private final TreeMap<String, Entry> kv = new TreeMap<>();
  private final TreeMap<String, Long> tombstones = new TreeMap<>();
  /** The Raft index of the last change of each key (write or delete): what a blocking query waits on. */
  private final TreeMap<String, Long> changed = new TreeMap<>();
  private final Map<String, Long> lockDelays = new HashMap<>();
  private final Map<String, Session> sessions = new LinkedHashMap<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "consul-stand-in-timers");
    t.setDaemon(true);
    return t;
  });
  private final Optional<String> requiredToken;
  private final Optional<SSLContext> tls;
  private long index = 10;
  private long kvTableIndex;
  private int port;
  private HttpServer server;
  private ExecutorService handlers;

  private ConsulStandIn(Optional<String> requiredToken, Optional<SSLContext> tls) {
    this.requiredToken = requiredToken;
    this.tls = tls;
  }

  static ConsulStandIn launch(Optional<String> requiredToken, Optional<SSLContext> tls) {
    ConsulStandIn consul = new ConsulStandIn(requiredToken, tls);
    consul.start();
    return consul;
  }

  static ConsulStandIn launch() {
    return launch(Optional.empty(), Optional.empty());
  }

  /** {@code http://127.0.0.1:<port>} (or https). */
  URI address() {
    return URI.create((tls.isPresent() ? "https" : "http") + "://127.0.0.1:" + port);
  }

  int port() {
    return port;
  }

  synchronized void start() {
    if (server != null) {
      return;
    }
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      if (tls.isPresent()) {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.get()) {
          @Override
          public void configure(HttpsParameters params) {
            SSLParameters ssl = tls.get().getDefaultSSLParameters();
            ssl.setNeedClientAuth(true);
            params.setSSLParameters(ssl);
          }
        });
        server = https;
      } else {
        server = HttpServer.create(address, 64);
      }
    } catch (IOException e) {
      throw new IllegalStateException("the Consul stand-in cannot listen on 127.0.0.1:" + port, e);
    }
    handlers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "consul-stand-in-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
    server.start();
    port = server.getAddress().getPort();
    synchronized (lock) {
      // a new leader starts every session's TTL timer afresh
      sessions.values().forEach(this::resetTimer);
    }
  }

  /** Stops answering (connections are refused) but keeps the data and the port, like a stopped server. */
  synchronized void stop() {
    if (server == null) {
      return;
    }
    server.stop(0);
    handlers.shutdownNow();
    server = null;
    synchronized (lock) {
      sessions.values().forEach(s -> {
        if (s.timer != null) {
          s.timer.cancel(false);
        }
      });
      lock.notifyAll();
    }
  }

  @Override
  public void close() {
    stop();
    timers.shutdownNow();
  }

  /** How many sessions exist (for tests). */
  int sessionCount() {
    synchronized (lock) {
      return sessions.size();
    }
  }

  // --- HTTP ----------------------------------------------------------------------------------------

  private record Answer(int status, String body, long index) {
    static Answer json(String body) {
      return new Answer(200, body, -1);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Answer answer;
    try {
      answer = route(exchange);
    } catch (BadRequest e) {
      answer = new Answer(e.status, e.getMessage(), -1);
    } catch (RuntimeException e) {
      answer = new Answer(500, String.valueOf(e), -1);
    }
    byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
    if (answer.index() >= 0) {
      exchange.getResponseHeaders().set("X-Consul-Index", Long.toUnsignedString(Math.max(1, answer.index())));
      exchange.getResponseHeaders().set("X-Consul-KnownLeader", "true");
      exchange.getResponseHeaders().set("X-Consul-LastContact", "0");
    }
    exchange.getResponseHeaders().set("Content-Type", answer.status() == 200 || answer.status() == 409
        ? "application/json" : "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private Answer route(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String method = exchange.getRequestMethod();
    byte[] body = exchange.getRequestBody().readAllBytes();
    checkAcl(exchange, query);
    if (path.startsWith("/v1/kv/")) {
      String key = decode(path.substring("/v1/kv/".length()));
      return switch (method) {
        case "GET" -> kvGet(key, query);
        case "PUT" -> kvPut(key, query, body);
        case "DELETE" -> kvDelete(key, query);
        default -> throw new BadRequest(405, "method " + method + " not allowed");
      };
    }
    if (path.equals("/v1/txn")) {
      requireMethod(method, "PUT");
      return txn(body);
    }
    if (path.startsWith("/v1/session/")) {
      String rest = path.substring("/v1/session/".length());
      if (rest.equals("create")) {
        requireMethod(method, "PUT");
        return sessionCreate(body);
      }
      if (rest.startsWith("destroy/")) {
        requireMethod(method, "PUT");
        return sessionDestroy(rest.substring("destroy/".length()));
      }
      if (rest.startsWith("renew/")) {
        requireMethod(method, "PUT");
        return sessionRenew(rest.substring("renew/".length()));
      }
      if (rest.startsWith("info/")) {
        requireMethod(method, "GET");
        return sessionInfo(rest.substring("info/".length()));
      }
      if (rest.equals("list")) {
        requireMethod(method, "GET");
        return sessionList();
      }
    }
    throw new BadRequest(404, "no such endpoint in the Consul stand-in: " + method + " " + path);
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new BadRequest(405, "method " + method + " not allowed");
    }
  }

  private void checkAcl(HttpExchange exchange, Map<String, String> query) {
    if (requiredToken.isEmpty()) {
      return;
    }
    String token = exchange.getRequestHeaders().getFirst("X-Consul-Token");
    if (token == null || token.isEmpty()) {
      token = query.get("token");
    }
    if (token == null || token.isEmpty()) {
      throw new BadRequest(403, "Permission denied");
    }
    if (!token.equals(requiredToken.get())) {
      throw new BadRequest(403, "ACL not found");
    }
  }

  // --- KV ------------------------------------------------------------------------------------------

  private Answer kvGet(String key, Map<String, String> query) {
    boolean recurse = query.containsKey("recurse");
    long minIndex = query.containsKey("index") ? parseIndex(query.get("index")) : 0;
    Duration wait = query.containsKey("wait") ? goDuration(query.get("wait")) : DEFAULT_WAIT;
    if (wait.compareTo(MAX_WAIT) > 0) {
      wait = MAX_WAIT;
    }
    synchronized (lock) {
      long queryIndex = recurse ? listIndex(key) : kvTableIndex;
      if (minIndex > 0 && queryIndex <= minIndex) {
        long jitter = wait.toNanos() / 16 == 0 ? 0 : ThreadLocalRandom.current().nextLong(wait.toNanos() / 16);
        long deadline = System.nanoTime() + wait.toNanos() + jitter;
        long seen = lastChange(key, recurse);
        while (server != null) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          try {
            TimeUnit.NANOSECONDS.timedWait(lock, left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
          long now = lastChange(key, recurse);
          if (now > seen) {
            seen = now;
            if ((recurse ? listIndex(key) : kvTableIndex) > minIndex) {
              break;
            }
          }
        }
        queryIndex = recurse ? listIndex(key) : kvTableIndex;
      }
      if (recurse) {
        ArrayNode out = JSON.createArrayNode();
        under(key).values().forEach(e -> out.add(json(e, true)));
        return out.isEmpty() ? new Answer(404, "", queryIndex) : new Answer(200, out.toString(), queryIndex);
      }
      Entry entry = kv.get(key);
      if (entry == null) {
        return new Answer(404, "", queryIndex);
      }
      return new Answer(200, JSON.createArrayNode().add(json(entry, true)).toString(), queryIndex);
    }
  }

  private Answer kvPut(String key, Map<String, String> query, byte[] body) {
    if (key.isEmpty()) {
      throw new BadRequest(400, "Missing key name");
    }
    if (body.length > MAX_VALUE_BYTES) {
      throw new BadRequest(413, "Request body(" + body.length + " bytes) too large, max size: " + MAX_VALUE_BYTES
          + " bytes");
    }
    long flags = query.containsKey("flags") ? parseIndex(query.get("flags")) : 0;
    synchronized (lock) {
      long idx = index + 1;
      boolean done;
      try {
        if (query.containsKey("release")) {
          done = unlock(idx, key, body, flags, query.get("release"));
        } else if (query.containsKey("acquire")) {
          done = lockKey(idx, key, body, flags, query.get("acquire"));
        } else if (query.containsKey("cas")) {
          done = cas(idx, key, body, flags, parseIndex(query.get("cas")));
        } else {
          set(idx, key, body, flags);
          done = true;
        }
      } catch (TxnFailure invalidSession) {
        throw new BadRequest(500, invalidSession.getMessage());
      }
      commit(idx);
      return Answer.json(String.valueOf(done));
    }
  }

  private Answer kvDelete(String key, Map<String, String> query) {
    synchronized (lock) {
      long idx = index + 1;
      boolean done = true;
      if (query.containsKey("recurse")) {
        for (String k : List.copyOf(under(key).keySet())) {
          remove(idx, k);
        }
      } else if (query.containsKey("cas")) {
        long cas = parseIndex(query.get("cas"));
        Entry e = kv.get(key);
        if (cas == 0 || e == null || e.modifyIndex() != cas) {
          done = false;
        } else {
          remove(idx, key);
        }
      } else {
        remove(idx, key);
      }
      commit(idx);
      return Answer.json(String.valueOf(done));
    }
  }

  // --- transactions --------------------------------------------------------------------------------

  private Answer txn(byte[] body) throws IOException {
    JsonNode ops = JSON.readTree(body);
    if (!ops.isArray()) {
      throw new BadRequest(400, "Failed to parse body: expected a list of operations");
    }
    if (ops.size() > 128) {
      throw new BadRequest(413, "Transaction contains too many operations (" + ops.size() + " > 128)");
    }
    synchronized (lock) {
      // work on copies; commit them only if every operation succeeds
      TreeMap<String, Entry> kvBefore = new TreeMap<>(kv);
      TreeMap<String, Long> tombstonesBefore = new TreeMap<>(tombstones);
      TreeMap<String, Long> changedBefore = new TreeMap<>(changed);
      long kvTableBefore = kvTableIndex;
      long idx = index + 1;
      ArrayNode results = JSON.createArrayNode();
      ArrayNode errors = JSON.createArrayNode();
      for (int i = 0; i < ops.size(); i++) {
        JsonNode op = ops.get(i).get("KV");
        if (op == null) {
          throw new BadRequest(400, "the Consul stand-in knows KV transaction operations only");
        }
        try {
          applyTxnOp(idx, op, results);
        } catch (TxnFailure e) {
          errors.addObject().put("OpIndex", i).put("What", e.getMessage());
          break;
        }
      }
      ObjectNode answer = JSON.createObjectNode();
      if (!errors.isEmpty()) {
        kv.clear();
        kv.putAll(kvBefore);
        tombstones.clear();
        tombstones.putAll(tombstonesBefore);
        changed.clear();
        changed.putAll(changedBefore);
        kvTableIndex = kvTableBefore;
        answer.putNull("Results");
        answer.set("Errors", errors);
        return new Answer(409, answer.toString(), -1);
      }
      commit(idx);
      answer.set("Results", results);
      answer.putNull("Errors");
      return Answer.json(answer.toString());
    }
  }

  private void applyTxnOp(long idx, JsonNode op, ArrayNode results) throws TxnFailure {
    String verb = op.path("Verb").asText();
    String key = op.path("Key").asText();
    byte[] value = op.hasNonNull("Value") ? Base64.getDecoder().decode(op.get("Value").asText()) : new byte[0];
    long flags = op.path("Flags").asLong(0);
    long opIndex = op.path("Index").asLong(0);
    String session = op.path("Session").asText("");
    switch (verb) {
      case "set" -> {
        set(idx, key, value, flags);
        results.addObject().set("KV", json(kv.get(key), false));
      }
      case "cas" -> {
        if (!cas(idx, key, value, flags, opIndex)) {
          throw new TxnFailure("failed to set key \"" + key + "\", index is stale");
        }
        results.addObject().set("KV", json(kv.get(key), false));
      }
      case "lock" -> {
        if (!lockKey(idx, key, value, flags, session)) {
          throw new TxnFailure("failed to lock key \"" + key + "\", lock is already held");
        }
        results.addObject().set("KV", json(kv.get(key), false));
      }
      case "unlock" -> {
        if (!unlock(idx, key, value, flags, session)) {
          throw new TxnFailure("failed to unlock key \"" + key + "\", lock isn't held, or is held by another session");
        }
        results.addObject().set("KV", json(kv.get(key), false));
      }
      case "get" -> {
        Entry e = kv.get(key);
        if (e == null) {
          throw new TxnFailure("key \"" + key + "\" doesn't exist");
        }
        results.addObject().set("KV", json(e, true));
      }
      case "get-tree" -> under(key).values().forEach(e -> results.addObject().set("KV", json(e, true)));
      case "check-index" -> {
        Entry e = kv.get(key);
        if (e == null) {
          throw new TxnFailure("failed to check index, key \"" + key + "\" doesn't exist");
        }
        if (e.modifyIndex() != opIndex) {
          throw new TxnFailure("failed index check for key \"" + key + "\", current modify index " + e.modifyIndex()
              + " != " + opIndex);
        }
        results.addObject().set("KV", json(e, false));
      }
      case "check-session" -> {
        Entry e = kv.get(key);
        if (e == null) {
          throw new TxnFailure("failed to check session, key \"" + key + "\" doesn't exist");
        }
        if (!Objects.equals(e.session(), session)) {
          throw new TxnFailure("failed session check for key \"" + key + "\", current session \"" + e.session()
              + "\" != \"" + session + "\"");
        }
        results.addObject().set("KV", json(e, false));
      }
      case "check-not-exists" -> {
        if (kv.containsKey(key)) {
          throw new TxnFailure("key \"" + key + "\" exists");
        }
      }
      case "delete" -> remove(idx, key);
      case "delete-tree" -> List.copyOf(under(key).keySet()).forEach(k -> remove(idx, k));
      case "delete-cas" -> {
        Entry e = kv.get(key);
        if (e == null || e.modifyIndex() != opIndex) {
          if (e != null || opIndex != 0) {
            throw new TxnFailure("failed to delete key \"" + key + "\", index is stale");
          }
        } else {
          remove(idx, key);
        }
      }
      default -> throw new TxnFailure("unknown KV verb \"" + verb + "\"");
    }
  }

  // --- the KV operations, as Consul's state store does them (under the lock) ----------------------------

  private void set(long idx, String key, byte[] value, long flags) {
    Entry existing = kv.get(key);
    String session = existing == null ? null : existing.session(); // a plain write keeps the lock holder
    if (existing != null && existing.sameContent(value, flags, session)) {
      return; // nothing changes: no write, the ModifyIndex stays
    }
    store(idx, new Entry(key, value, flags, existing == null ? idx : existing.createIndex(), idx,
        existing == null ? 0 : existing.lockIndex(), session));
  }

  private boolean cas(long idx, String key, byte[] value, long flags, long casIndex) {
    Entry existing = kv.get(key);
    if (casIndex == 0 && existing != null) {
      return false;
    }
    if (casIndex != 0 && (existing == null || existing.modifyIndex() != casIndex)) {
      return false;
    }
    set(idx, key, value, flags);
    return true;
  }

  private boolean lockKey(long idx, String key, byte[] value, long flags, String session) throws TxnFailure {
    if (session == null || session.isEmpty()) {
      throw new TxnFailure("missing session");
    }
    if (!sessions.containsKey(session)) {
      throw new TxnFailure("invalid session \"" + session + "\"");
    }
    Long delayedUntil = lockDelays.get(key);
    if (delayedUntil != null && delayedUntil - System.nanoTime() > 0) {
      return false; // "Rejecting lock of key due to lock-delay"
    }
    Entry existing = kv.get(key);
    long lockIndex;
    long createIndex;
    if (existing == null) {
      lockIndex = 1;
      createIndex = idx;
    } else if (session.equals(existing.session())) {
      lockIndex = existing.lockIndex();
      createIndex = existing.createIndex();
    } else if (existing.session() != null) {
      return false;
    } else {
      lockIndex = existing.lockIndex() + 1;
      createIndex = existing.createIndex();
    }
    store(idx, new Entry(key, value, flags, createIndex, idx, lockIndex, session));
    return true;
  }

  private boolean unlock(long idx, String key, byte[] value, long flags, String session) throws TxnFailure {
    if (session == null || session.isEmpty()) {
      throw new TxnFailure("missing session");
    }
    Entry existing = kv.get(key);
    if (existing == null || !session.equals(existing.session())) {
      return false;
    }
    store(idx, new Entry(key, value, flags, existing.createIndex(), idx, existing.lockIndex(), null));
    return true;
  }

  private void store(long idx, Entry entry) {
    kv.put(entry.key(), entry);
    changed.put(entry.key(), idx);
    kvTableIndex = idx;
  }

  private void remove(long idx, String key) {
    if (kv.remove(key) == null) {
      return;
    }
    tombstones.put(key, idx);
    changed.put(key, idx);
    kvTableIndex = idx;
  }

  /** Every write is a Raft log entry, changed or not; then wake the blocking queries. */
  private void commit(long idx) {
    index = idx;
    lock.notifyAll();
  }

  private SortedMap<String, Entry> under(String prefix) {
    return prefix.isEmpty() ? kv : kv.subMap(prefix, prefix + Character.MAX_VALUE);
  }

  /** The index of a prefix read: the newest write or deletion under it, else the whole table's. */
  private long listIndex(String prefix) {
    if (prefix.isEmpty()) {
      return kvTableIndex;
    }
    long newest = 0;
    for (Entry e : under(prefix).values()) {
      newest = Math.max(newest, e.modifyIndex());
    }
    for (long deleted : (prefix.isEmpty() ? tombstones : tombstones.subMap(prefix, prefix + Character.MAX_VALUE))
        .values()) {
      newest = Math.max(newest, deleted);
    }
    return newest != 0 ? newest : kvTableIndex;
  }

  private long lastChange(String key, boolean recurse) {
    if (!recurse) {
      return changed.getOrDefault(key, 0L);
    }
    long newest = 0;
    for (long c : (key.isEmpty() ? changed : changed.subMap(key, key + Character.MAX_VALUE)).values()) {
      newest = Math.max(newest, c);
    }
    return newest;
  }

  private static ObjectNode json(Entry e, boolean withValue) {
    ObjectNode node = JSON.createObjectNode();
    node.put("LockIndex", e.lockIndex());
    node.put("Key", e.key());
    node.put("Flags", e.flags());
    if (withValue && e.value().length > 0) {
      node.put("Value", Base64.getEncoder().encodeToString(e.value()));
    } else {
      node.putNull("Value");
    }
    if (e.session() != null) {
      node.put("Session", e.session());
    }
    node.put("CreateIndex", e.createIndex());
    node.put("ModifyIndex", e.modifyIndex());
    return node;
  }

  // --- sessions ------------------------------------------------------------------------------------

  private Answer sessionCreate(byte[] body) throws IOException {
    JsonNode request = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    Duration ttl = null;
    String ttlText = request.path("TTL").asText("");
    if (!ttlText.isEmpty()) {
      ttl = goDuration(ttlText);
      if (ttl.compareTo(Duration.ofSeconds(10)) < 0 || ttl.compareTo(Duration.ofHours(24)) > 0) {
        throw new BadRequest(400, "Invalid Session TTL '" + ttlText + "', must be between [10s=24h0m0s]");
      }
    }
    String behavior = request.path("Behavior").asText("");
    if (behavior.isEmpty()) {
      behavior = "release";
    }
    if (!behavior.equals("release") && !behavior.equals("delete")) {
      throw new BadRequest(400, "Invalid Behavior setting '" + behavior + "'");
    }
    Duration lockDelay = Duration.ofSeconds(15);
    JsonNode delay = request.get("LockDelay");
    if (delay != null && !delay.isNull()) {
      if (delay.isNumber()) {
        long n = delay.asLong();
        lockDelay = n < 1000 ? Duration.ofSeconds(n) : Duration.ofNanos(n);
      } else {
        lockDelay = goDuration(delay.asText());
      }
    }
    synchronized (lock) {
      long idx = ++index;
      Session session = new Session(UUID.randomUUID().toString(), request.path("Name").asText(""), ttl, behavior,
          lockDelay, idx);
      sessions.put(session.id, session);
      resetTimer(session);
      return Answer.json(JSON.createObjectNode().put("ID", session.id).toString());
    }
  }

  private Answer sessionDestroy(String id) {
    checkUuid(id);
    synchronized (lock) {
      invalidate(id);
      return Answer.json("true");
    }
  }

  private Answer sessionRenew(String id) {
    checkUuid(id);
    synchronized (lock) {
      Session session = sessions.get(id);
      if (session == null) {
        throw new BadRequest(404, "Session id '" + id + "' not found");
      }
      resetTimer(session);
      return new Answer(200, JSON.createArrayNode().add(json(session)).toString(), index);
    }
  }

  private Answer sessionInfo(String id) {
    checkUuid(id);
    synchronized (lock) {
      ArrayNode out = JSON.createArrayNode();
      Optional.ofNullable(sessions.get(id)).ifPresent(s -> out.add(json(s)));
      return new Answer(200, out.toString(), index);
    }
  }

  private Answer sessionList() {
    synchronized (lock) {
      ArrayNode out = JSON.createArrayNode();
      sessions.values().forEach(s -> out.add(json(s)));
      return new Answer(200, out.toString(), index);
    }
  }

  private static void checkUuid(String id) {
    try {
      UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, "Session ID must be a valid UUID");
    }
  }

  private void resetTimer(Session session) {
    if (session.timer != null) {
      session.timer.cancel(false);
    }
    if (session.ttl != null && server != null) {
      long millis = session.ttl.toMillis() * TTL_MULTIPLIER;
      session.timer = timers.schedule(() -> {
        synchronized (lock) {
          if (sessions.get(session.id) == session) {
            invalidate(session.id);
          }
        }
      }, millis, TimeUnit.MILLISECONDS);
    }
  }

  /** Ends a session: its locks are released or deleted, per its behavior, and put in lock-delay. */
  private void invalidate(String id) {
    Session session = sessions.remove(id);
    if (session == null) {
      return;
    }
    if (session.timer != null) {
      session.timer.cancel(false);
    }
    long idx = index + 1;
    long now = System.nanoTime();
    for (Entry e : List.copyOf(kv.values())) {
      if (!id.equals(e.session())) {
        continue;
      }
      if (session.behavior.equals("delete")) {
        remove(idx, e.key());
      } else {
        store(idx, new Entry(e.key(), e.value(), e.flags(), e.createIndex(), idx, e.lockIndex(), null));
      }
      if (!session.lockDelay.isZero()) {
        lockDelays.put(e.key(), now + session.lockDelay.toNanos());
      }
    }
    index = idx;
    lock.notifyAll();
  }

  private static ObjectNode json(Session s) {
    ObjectNode node = JSON.createObjectNode();
    node.put("ID", s.id);
    node.put("Name", s.name);
    node.put("Node", "consul-stand-in");
    node.put("LockDelay", s.lockDelay.toNanos());
    node.put("Behavior", s.behavior);
    node.put("TTL", s.ttl == null ? "" : s.ttl.toSeconds() + "s");
    node.putArray("NodeChecks").add("serfHealth");
    node.putNull("ServiceChecks");
    node.put("CreateIndex", s.createIndex);
    node.put("ModifyIndex", s.createIndex);
    return node;
  }

  // --- parsing -------------------------------------------------------------------------------------

  private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  /** Go's duration syntax ({@code 10s}, {@code 1m30s}, {@code 250ms}), as Consul reads wait, TTL and LockDelay. */
  static Duration goDuration(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = GO_DURATION.matcher(text);
    long nanos = 0;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        throw new BadRequest(400, "invalid duration \"" + text + "\"");
      }
      end = m.end();
      double n = Double.parseDouble(m.group(1));
      long unit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us", "µs" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        default -> 3_600_000_000_000L;
      };
      nanos += (long) (n * unit);
    }
    if (end == 0 || end != text.length()) {
      throw new BadRequest(400, "invalid duration \"" + text + "\"");
    }
    return Duration.ofNanos(nanos);
  }

  private static long parseIndex(String text) {
    try {
      return Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "Invalid index or flags: " + text);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      out.put(name, eq < 0 ? "" : decode(pair.substring(eq + 1).replace('+', ' ')));
    }
    return out;
  }

  private static String decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
