package io.vamp.driver.consul;

import com.ecwid.consul.UrlParameters;
import com.ecwid.consul.transport.HttpResponse;
import com.ecwid.consul.transport.TransportException;
import com.ecwid.consul.v1.ConsulRawClient;
import com.ecwid.consul.v1.Request;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.spi.DriverException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Consul's KV, transaction and session HTTP API, spoken through consul-api's {@link ConsulRawClient}.
 *
 * <p>The driver builds the requests itself rather than use consul-api's KV and session helpers: those put
 * the ACL token in the query string (where proxies and access logs keep it) instead of the
 * {@code X-Consul-Token} header, do not escape keys, and know neither {@code /v1/txn} nor delete with
 * {@code cas}. Keys are escaped segment by segment; JSON is read with Jackson. Two clients share the work:
 * one with the operation timeout, one with room for a blocking query's {@code wait}.
 */
final class ConsulHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  /** One KV entry as Consul returns it. */
  record Entry(String key, String value, long modifyIndex, long lockIndex, long flags, String session) {
    boolean locked() {
      return session != null && !session.isEmpty();
    }
  }

  /** The answer to a (blocking) read: the entries and the {@code X-Consul-Index}. */
  record Read(List<Entry> entries, long index) {}

  /** The answer to a transaction: applied or rolled back, with the results or the errors. */
  record Txn(boolean applied, List<Entry> results, List<String> errors, List<Integer> failedOps) {}

  private final Settings settings;
  private final ConsulRawClient ops;
  private final ConsulRawClient blocking;

  ConsulHttp(Settings settings) {
    this.settings = settings;
    Duration op = settings.operationTimeout();
    Duration longest = settings.blockingWait().plus(settings.blockingWait().dividedBy(16)).plus(op);
    this.ops = raw(client(settings, op, op));
    this.blocking = raw(client(settings, op, longest));
  }

  private ConsulRawClient raw(HttpClient client) {
    return new ConsulRawClient(settings.agent().getScheme() + "://" + settings.agent().getHost(),
        settings.agent().getPort(), client);
  }

  private static HttpClient client(Settings settings, Duration connect, Duration socket) {
    RegistryBuilder<ConnectionSocketFactory> sockets = RegistryBuilder.<ConnectionSocketFactory>create()
        .register("http", PlainConnectionSocketFactory.getSocketFactory());
    if (settings.tls()) {
      sockets.register("https", new SSLConnectionSocketFactory(
          Pem.context(settings.caFile(), settings.certFile(), settings.keyFile())));
    }
    PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(sockets.build());
    // every watch and election holds one connection in a blocking query
    pool.setMaxTotal(256);
    pool.setDefaultMaxPerRoute(256);
    // a pooled connection idle for a while is checked first: the agent may have restarted meanwhile
    pool.setValidateAfterInactivity(500);
    return HttpClientBuilder.create()
        .setConnectionManager(pool)
        .setDefaultRequestConfig(RequestConfig.custom()
            .setConnectTimeout((int) connect.toMillis())
            .setConnectionRequestTimeout((int) connect.toMillis())
            .setSocketTimeout((int) socket.toMillis())
            .build())
        // never resend on its own: a compare-and-set or a delete sent twice would answer wrongly
        .disableAutomaticRetries()
        .disableCookieManagement()
        .build();
  }

  // --- KV ------------------------------------------------------------------------------------------

  /** {@code GET /v1/kv/<key>}; empty on 404. */
  Optional<Entry> get(String consulKey) {
    HttpResponse response = call("get " + consulKey, () -> ops.makeGetRequest(request("/v1/kv/" + path(consulKey))
        .build()));
    if (response.getStatusCode() == 404) {
      return Optional.empty();
    }
    expect(response, "get " + consulKey);
    List<Entry> entries = entries(response.getContent());
    return entries.stream().filter(e -> e.key().equals(consulKey)).findFirst();
  }

  /** {@code GET /v1/kv/<key or prefix>[?recurse]&index=&wait=}: blocks while nothing changed after {@code index}. */
  Read read(String consulKey, boolean recurse, long index, boolean block) {
    List<String> params = new ArrayList<>();
    if (recurse) {
      params.add("recurse");
    }
    if (block && index > 0) {
      params.add("index=" + Long.toUnsignedString(index));
      params.add("wait=" + settings.blockingWait().toSeconds() + "s");
    }
    ConsulRawClient client = block ? blocking : ops;
    HttpResponse response = call("read " + consulKey, () -> client.makeGetRequest(request("/v1/kv/" + path(consulKey))
        .addUrlParameter(params(params)).build()));
    long returned = response.getConsulIndex() == null ? 0 : response.getConsulIndex();
    if (response.getStatusCode() == 404) {
      return new Read(List.of(), returned);
    }
    expect(response, "read " + consulKey);
    return new Read(entries(response.getContent()), returned);
  }

  /** {@code PUT /v1/kv/<key>?<params>} with the value as body; Consul's {@code true} or {@code false}. */
  boolean put(String consulKey, String value, String... params) {
    HttpResponse response = call("put " + consulKey, () -> ops.makePutRequest(request("/v1/kv/" + path(consulKey))
        .addUrlParameter(params(List.of(params))).setBinaryContent(value.getBytes(StandardCharsets.UTF_8)).build()));
    if (response.getStatusCode() == 500 && response.getContent().contains("invalid session")) {
      throw new InvalidSession(response.getContent());
    }
    expect(response, "put " + consulKey);
    return response.getContent().trim().equals("true");
  }

  /** {@code DELETE /v1/kv/<key>?<params>}; Consul's {@code true} or {@code false}. */
  boolean delete(String consulKey, String... params) {
    HttpResponse response = call("delete " + consulKey, () -> ops.makeDeleteRequest(request("/v1/kv/"
        + path(consulKey)).addUrlParameter(params(List.of(params))).build()));
    expect(response, "delete " + consulKey);
    return response.getContent().trim().equals("true");
  }

  /** {@code PUT /v1/txn} with KV operations ({@code Verb}, {@code Key}, ...; {@code Value} as text). */
  Txn txn(List<ObjectNode> operations) {
    ArrayNode body = JSON.createArrayNode();
    for (ObjectNode op : operations) {
      ObjectNode kv = op.deepCopy();
      if (kv.has("Value")) {
        kv.put("Value", Base64.getEncoder().encodeToString(kv.get("Value").asText().getBytes(StandardCharsets.UTF_8)));
      }
      body.addObject().set("KV", kv);
    }
    HttpResponse response = call("transaction", () -> ops.makePutRequest(request("/v1/txn")
        .setBinaryContent(body.toString().getBytes(StandardCharsets.UTF_8)).build()));
    if (response.getStatusCode() != 200 && response.getStatusCode() != 409) {
      expect(response, "transaction");
    }
    JsonNode answer = parse(response.getContent());
    List<Entry> results = new ArrayList<>();
    for (JsonNode result : answer.path("Results")) {
      if (result.has("KV")) {
        results.add(entry(result.get("KV")));
      }
    }
    List<String> errors = new ArrayList<>();
    List<Integer> failed = new ArrayList<>();
    for (JsonNode error : answer.path("Errors")) {
      failed.add(error.path("OpIndex").asInt());
      errors.add(error.path("What").asText());
    }
    return new Txn(response.getStatusCode() == 200, results, errors, failed);
  }

  static ObjectNode op(String verb, String key) {
    ObjectNode op = JSON.createObjectNode();
    op.put("Verb", verb);
    op.put("Key", key);
    return op;
  }

  // --- sessions ------------------------------------------------------------------------------------

  /** {@code PUT /v1/session/create}: a session with a TTL that deletes the keys it holds when it ends. */
  String createSession(String name) {
    ObjectNode body = JSON.createObjectNode();
    body.put("Name", name);
    body.put("TTL", settings.sessionTtl().toSeconds() + "s");
    body.put("Behavior", "delete");
    body.put("LockDelay", settings.lockDelay().toSeconds() + "s");
    HttpResponse response = call("create session", () -> ops.makePutRequest(request("/v1/session/create")
        .setBinaryContent(body.toString().getBytes(StandardCharsets.UTF_8)).build()));
    expect(response, "create session");
    String id = parse(response.getContent()).path("ID").asText("");
    if (id.isEmpty()) {
      throw new DriverException("Consul created a session without an ID: " + response.getContent(), true);
    }
    return id;
  }

  /** {@code PUT /v1/session/renew/<id>}: false when Consul no longer knows the session. */
  boolean renewSession(String id) {
    HttpResponse response = call("renew session", () -> ops.makePutRequest(request("/v1/session/renew/" + id)
        .setBinaryContent(new byte[0]).build()));
    if (response.getStatusCode() == 404) {
      return false;
    }
    expect(response, "renew session");
    return true;
  }

  /** {@code PUT /v1/session/destroy/<id>}. */
  void destroySession(String id) {
    HttpResponse response = call("destroy session", () -> ops.makePutRequest(request("/v1/session/destroy/" + id)
        .setBinaryContent(new byte[0]).build()));
    expect(response, "destroy session");
  }

  // --- plumbing ------------------------------------------------------------------------------------

  /** Thrown when Consul refuses a lock for a session it does not know (expired, destroyed). */
  static final class InvalidSession extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InvalidSession(String message) {
      super(message);
    }
  }

  private Request.Builder request(String endpoint) {
    Request.Builder builder = Request.Builder.newBuilder().setEndpoint(endpoint);
    settings.token().ifPresent(builder::setToken);
    settings.datacenter().ifPresent(dc -> builder.addUrlParameter(params(List.of("dc=" + escape(dc)))));
    return builder;
  }

  private static UrlParameters params(List<String> params) {
    List<String> copy = List.copyOf(params);
    return () -> copy;
  }

  private HttpResponse call(String what, java.util.function.Supplier<HttpResponse> request) {
    try {
      return request.get();
    } catch (TransportException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        // the peer refused us (bad or missing certificate, unknown CA): a setting to fix, not an outage
        if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof javax.net.ssl.SSLPeerUnverifiedException
            || (t instanceof javax.net.ssl.SSLException && String.valueOf(t.getMessage()).contains("fatal alert"))) {
          throw new DriverException(what + " on " + settings.where() + " failed: TLS handshake refused: "
              + t.getMessage() + " (check ca-file, cert-file and key-file)", e, false);
        }
      }
      throw new DriverException(what + " on " + settings.where() + " failed: " + e.getCause()
          + " (Consul unreachable; retry later)", e, true);
    }
  }

  private void expect(HttpResponse response, String what) {
    int status = response.getStatusCode();
    if (status == 200) {
      return;
    }
    String message = what + " on " + settings.where() + " failed: HTTP " + status + " " + response.getContent().trim();
    switch (status) {
      case 400, 401, 403, 404, 405, 413 -> throw new DriverException(message
          + (status == 403 ? " (check the token setting and its ACL policy)" : ""), false);
      default -> throw new DriverException(message + " (retry later)", true);
    }
  }

  private static List<Entry> entries(String json) {
    List<Entry> out = new ArrayList<>();
    JsonNode array = parse(json);
    for (JsonNode node : array) {
      out.add(entry(node));
    }
    return out;
  }

  private static Entry entry(JsonNode node) {
    JsonNode value = node.get("Value");
    String text = value == null || value.isNull() ? ""
        : new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8);
    return new Entry(node.path("Key").asText(), text, node.path("ModifyIndex").asLong(),
        node.path("LockIndex").asLong(), node.path("Flags").asLong(), node.path("Session").asText(""));
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new DriverException("Consul answered something that is not JSON: "
          + json.substring(0, Math.min(200, json.length())), e, true);
    }
  }

  /** A key as a URL path: every segment percent-encoded (RFC 3986 unreserved characters stay). */
  static String path(String consulKey) {
    StringBuilder out = new StringBuilder();
    for (byte b : consulKey.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
          || c == '_' || c == '~' || c == '/') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  static String escape(String value) {
    return path(value).replace("/", "%2F");
  }
}
