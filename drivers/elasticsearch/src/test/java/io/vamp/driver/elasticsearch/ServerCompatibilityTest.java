package io.vamp.driver.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vamp.driver.elasticsearch.ServerInfo.Mode;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a connection speaks to each kind of server, against an in-process HTTP stand-in that answers
 * {@code GET /}, search and bulk as Elasticsearch 7.10, 7.17, 8.x, OpenSearch and others do (a stand-in:
 * only 7.10.2 runs here for real, {@code ElasticsearchEventSinkIT} and the other ITs use it).
 */
class ServerCompatibilityTest {
  private static final String SEARCH = """
      {"took":1,"timed_out":false,"_shards":{"total":1,"successful":1,"skipped":0,"failed":0},
       "hits":{"total":{"value":0,"relation":"eq"},"max_score":null,"hits":[]}}""";
  private static final String BULK = """
      {"took":1,"errors":false,"items":[{"index":{"_index":"i","_id":"1","_version":1,"result":"created",
       "_shards":{"total":1,"successful":1,"failed":0},"_seq_no":0,"_primary_term":1,"status":201}}]}""";

  private HttpServer server;
  private volatile int rootStatus = 200;
  private volatile String rootBody = "";
  private volatile String productHeader;
  private final List<Map<String, String>> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    Map<String, String> request = new ConcurrentHashMap<>();
    request.put("path", path);
    request.put("accept", String.valueOf(exchange.getRequestHeaders().getFirst("Accept")));
    request.put("content-type", String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
    seen.add(request);
    exchange.getRequestBody().readAllBytes();
    int status = 200;
    String body;
    if (path.equals("/")) {
      status = rootStatus;
      body = rootBody;
    } else if (path.endsWith("/_search")) {
      body = SEARCH;
    } else if (path.endsWith("/_bulk")) {
      body = BULK;
    } else {
      body = "{}";
    }
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    if (productHeader != null) {
      exchange.getResponseHeaders().add(ServerCompatibility.PRODUCT_HEADER, productHeader);
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void version(String number, String product) {
    rootBody = "{\"name\":\"n\",\"cluster_name\":\"c\",\"version\":{\"number\":\"" + number
        + "\",\"build_flavor\":\"default\"},\"tagline\":\"You Know, for Search\"}";
    productHeader = product;
  }

  private ElasticsearchConnection connect() {
    return ElasticsearchConnection.open(ElasticsearchSettings.of("t",
        URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
  }

  private Map<String, String> last(String suffix) {
    return seen.stream().filter(r -> r.get("path").endsWith(suffix)).reduce((a, b) -> b).orElseThrow();
  }

  @Test
  void elasticsearch8IsSpokenToAsTheClientDoesWithNothingChanged() throws Exception {
    version("8.15.0", "Elasticsearch");
    try (ElasticsearchConnection connection = connect()) {
      connection.client().search(s -> s.index("x"), Void.class);
      Bulk.write(connection, List.of(new Bulk.Doc("i", "1", Map.of("a", 1))));

      assertThat(connection.server()).isEqualTo(new ServerInfo("8.15.0", Mode.NATIVE, false));
      assertThat(last("/_search").get("accept")).contains("vnd.elasticsearch+json").contains("compatible-with=8");
      assertThat(last("/_search").get("content-type")).contains("vnd.elasticsearch+json");
      assertThat(last("/_bulk").get("content-type")).contains("vnd.elasticsearch+json").contains("compatible-with=8");
    }
  }

  @Test
  void elasticsearch8WithoutItsProductHeaderIsStillRefusedByTheClient() {
    version("8.15.0", "Elasticsearch");
    try (ElasticsearchConnection connection = connect()) {
      connection.server();
      productHeader = null; // say a proxy strips it: the client's own check must stay in force
      assertThatThrownBy(() -> connection.client().search(s -> s.index("x"), Void.class))
          .hasMessageContaining("X-Elastic-Product");
    }
  }

  @Test
  void elasticsearch710GetsPlainJsonAndTheProductHeader() throws Exception {
    version("7.10.2", null);
    try (ElasticsearchConnection connection = connect()) {
      connection.client().search(s -> s.index("x"), Void.class);
      Bulk.Outcome outcome = Bulk.write(connection, List.of(new Bulk.Doc("i", "1", Map.of("a", 1))));

      assertThat(connection.server()).isEqualTo(new ServerInfo("7.10.2", Mode.ELASTICSEARCH_7, false));
      assertThat(outcome.acknowledged()).containsExactly(0);
      assertThat(last("/_search").get("accept")).isEqualTo("application/json");
      assertThat(last("/_search").get("content-type")).startsWith("application/json");
      assertThat(last("/_bulk").get("content-type")).startsWith("application/json");
      Response plain = connection.rest().performRequest(new Request("GET", "/x"));
      assertThat(plain.getHeaders()).filteredOn(h -> h.getName().equalsIgnoreCase("X-Elastic-Product"))
          .extracting(h -> h.getValue()).containsExactly("Elasticsearch");
    }
  }

  @Test
  void elasticsearch717KeepsItsOwnProductHeaderAndGetsPlainJson() throws Exception {
    version("7.17.21", "Elasticsearch");
    try (ElasticsearchConnection connection = connect()) {
      connection.client().search(s -> s.index("x"), Void.class);

      assertThat(connection.server().mode()).isEqualTo(Mode.ELASTICSEARCH_7);
      assertThat(last("/_search").get("accept")).isEqualTo("application/json");
      Response plain = connection.rest().performRequest(new Request("GET", "/x"));
      assertThat(plain.getHeaders()).filteredOn(h -> h.getName().equalsIgnoreCase("X-Elastic-Product"))
          .hasSize(1);
    }
  }

  @Test
  void theVersionIsAskedOnceAndNothingIsSentBeforeTheFirstUse() throws Exception {
    version("7.10.2", null);
    try (ElasticsearchConnection connection = connect()) {
      assertThat(seen).isEmpty();
      connection.client().search(s -> s.index("x"), Void.class);
      connection.client().search(s -> s.index("x"), Void.class);
      connection.server();
      assertThat(seen).extracting(r -> r.get("path")).containsExactly("/", "/x/_search", "/x/_search");
    }
  }

  @Test
  void anAnswerThatDecidesNothingIsAskedAgainLater() throws Exception {
    rootStatus = 503;
    try (ElasticsearchConnection connection = connect()) {
      assertThatThrownBy(connection::server).isInstanceOfSatisfying(DriverException.class,
          e -> assertThat(e.retryable()).isTrue()).hasMessageContaining("status 503");
      rootStatus = 200;
      version("7.10.2", null);
      assertThat(connection.server().mode()).isEqualTo(Mode.ELASTICSEARCH_7);
    }
  }

  @Test
  void unsupportedServersAreRefusedForGoodWithAReason() {
    assertRefused(200, "{\"version\":{\"number\":\"2.19.1\",\"distribution\":\"opensearch\"}}", null,
        "is OpenSearch 2.19.1: not supported");
    assertRefused(200, "{\"version\":{\"number\":\"7.7.1\"}}", null, "7.7.1: too old, 7.8 or later is needed");
    assertRefused(200, "{\"version\":{\"number\":\"6.8.23\"}}", null, "6.8.23: too old");
    assertRefused(200, "<html>proxy</html>", null, "without version.number");
    assertRefused(401, "", null, "refused the credentials");
  }

  private void assertRefused(int status, String body, String product, String message) {
    rootStatus = status;
    rootBody = body;
    productHeader = product;
    try (ElasticsearchConnection connection = connect()) {
      assertThatThrownBy(connection::client).isInstanceOfSatisfying(DriverException.class,
          e -> assertThat(e.retryable()).as(message).isFalse()).hasMessageContaining(message);
      // a bulk says the same, not "unreachable"
      assertThatThrownBy(() -> Bulk.write(connection, List.of(new Bulk.Doc("i", "1", Map.of()))))
          .hasMessageContaining(message);
    }
  }

  @Test
  void aForbiddenVersionIsInferredFromTheProductHeader() {
    ObjectMapper json = new ObjectMapper();
    assertThat(ServerCompatibility.decide("h", 403, true, null))
        .isEqualTo(new ServerInfo("unknown", Mode.NATIVE, true));
    assertThat(ServerCompatibility.decide("h", 403, false, null))
        .isEqualTo(new ServerInfo("unknown", Mode.ELASTICSEARCH_7, true));
    assertThat(ServerCompatibility.decide("h", 200, false, json.createObjectNode().set("version",
        json.createObjectNode().put("number", "9.1.0")))).isEqualTo(new ServerInfo("9.1.0", Mode.NATIVE, false));
    assertThat(ServerCompatibility.decide("h", 200, false, json.createObjectNode().set("version",
        json.createObjectNode().put("number", "7.8.0")))).isEqualTo(new ServerInfo("7.8.0", Mode.ELASTICSEARCH_7, false));
    assertThat(ServerCompatibility.decide("h", 200, true, json.createObjectNode().set("version",
        json.createObjectNode().put("number", "8.0.0-SNAPSHOT")))).extracting(ServerInfo::mode).isEqualTo(Mode.NATIVE);
  }

  @Test
  void mediaTypesBecomePlain() {
    assertThat(ServerCompatibility.plain("application/vnd.elasticsearch+json; compatible-with=8"))
        .isEqualTo("application/json");
    assertThat(ServerCompatibility.plain("application/vnd.elasticsearch+x-ndjson; compatible-with=8"))
        .isEqualTo("application/x-ndjson");
    assertThat(ServerCompatibility.plain("text/plain")).isEqualTo("text/plain");
  }
}
