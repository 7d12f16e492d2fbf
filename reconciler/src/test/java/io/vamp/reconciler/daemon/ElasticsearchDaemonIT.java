package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.config.ConfigException;
import io.vamp.testing.FreePorts;
import io.vamp.testing.Servers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with {@code elasticsearch.uri} set, against the real Elasticsearch 7.10.2 node of the
 * testing harness, through the production connection (no test-only shim): real Git commits, workloads
 * as real local processes, and every event of every revision arriving in the node's
 * {@code vamp-pulse-<namespace>-*} indices exactly as often as the ledger recorded it (once).
 */
class ElasticsearchDaemonIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Git git;
  private Daemon daemon;
  private String namespace;

  @BeforeEach
  void repository() throws Exception {
    git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call();
    namespace = "es" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void stop() throws IOException {
    if (daemon != null) {
      daemon.close();
    }
    git.close();
    // the daemon leaves workloads running on purpose: stop the ones started in this test's repository
    LeftoverProcesses.stopUnder(dir);
  }

  private Daemon daemon(URI elasticsearch) {
    Map<String, String> settings = new HashMap<>();
    settings.put("repository.url", dir.resolve("repo").toString());
    settings.put("repository.poll_interval", "1s");
    settings.put("data_dir", dir.resolve("data").toString());
    settings.put("namespace", namespace);
    settings.put("http.port", "0");
    settings.put("apply.ready_timeout", "30s");
    settings.put("agent.embedded", "false");
    settings.put("elasticsearch.uri", elasticsearch.toString());
    return new Daemon(Config.defaults().with(settings), Map.of(), Clock.systemUTC());
  }

  private void start(URI elasticsearch) {
    daemon = daemon(elasticsearch);
    daemon.start();
  }

  private String deployment(String routes, String... versions) {
    StringBuilder yaml = new StringBuilder("""
        kind: deployment
        name: shop
        gateways:
          9000: web/http
        clusters:
          web:
            services:
        """);
    for (String version : versions) {
      yaml.append("      - breed:\n")
          .append("          name: web:").append(version).append('\n')
          .append("          deployable: { type: command, definition: \"").append(command()).append("\" }\n")
          .append("          ports: { http: 8080/http }\n")
          .append("          environment_variables: { VERSION: \"").append(version).append("\" }\n");
    }
    if (!routes.isEmpty()) {
      yaml.append("    gateways:\n      routes:\n").append(routes);
    }
    return yaml.toString();
  }

  private String command() {
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes;
    try {
      classes = Path.of(TinyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return "exec " + javaBinary + " -Xmx24m -XX:TieredStopAtLevel=1 -Dvamp.it=" + namespace + " -cp " + classes
        + " " + TinyServer.class.getName();
  }

  private RevCommit commit(String message, String file, String content) throws Exception {
    Path path = dir.resolve("repo").resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("Dev", "dev@example.org");
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  private HttpResponse<String> api(String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void awaitApplied(RevCommit commit) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonNode status = JSON.readTree(api("/api/v1/status").body());
      assertThat(status.path("last_applied").path("sha").asText()).isEqualTo(commit.getName());
      assertThat(status.path("phase").asText()).isEqualTo("ready");
    });
  }

  /** The ids of the ledger's events tagged {@code tag}, as the daemon's own API serves them. */
  private List<String> ledgerIds(String tag) throws Exception {
    List<String> ids = new ArrayList<>();
    JSON.readTree(api("/api/v1/events?limit=1000&tag=" + tag).body()).forEach(e -> ids.add(e.path("id").asText()));
    return ids;
  }

  private static JsonNode elasticsearch(String method, String path, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(Servers.elasticsearch().endpoint().resolve(path))
        .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  /** Every document in this namespace's event indices tagged {@code tag}: _id to _index and _source. */
  private List<JsonNode> indexedEvents(String tag) throws Exception {
    String pattern = "vamp-pulse-" + namespace + "-*";
    elasticsearch("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
    JsonNode hits = elasticsearch("POST", "/" + pattern + "/_search?ignore_unavailable=true&allow_no_indices=true",
        JSON.createObjectNode().put("size", 1000).set("query", JSON.createObjectNode().set("term",
            JSON.createObjectNode().put("tags", tag))).toString()).path("hits").path("hits");
    List<JsonNode> events = new ArrayList<>();
    hits.forEach(events::add);
    return events;
  }

  private static List<String> ids(List<JsonNode> hits) {
    return hits.stream().map(h -> h.path("_id").asText()).toList();
  }

  @Test
  void deploymentEventsOfEveryCommitArriveInTheNodesPulseIndicesOnce() throws Exception {
    RevCommit first = commit("one version", "deployments/shop.yaml", deployment("", "1"));
    start(Servers.elasticsearch().endpoint());
    awaitApplied(first);

    String firstTag = "revision:" + first.getName();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      List<String> ledger = ledgerIds(firstTag);
      assertThat(ledger).isNotEmpty();
      assertThat(ids(indexedEvents(firstTag))).containsExactlyInAnyOrderElementsOf(ledger);
    });
    List<JsonNode> deployed = indexedEvents(firstTag).stream()
        .filter(h -> h.path("_source").path("tags").toString().contains("\"synchronization:deployed\"")).toList();
    assertThat(deployed).hasSize(1);
    JsonNode event = deployed.get(0);
    assertThat(event.path("_index").asText()).matches("vamp-pulse-" + namespace + "-synchronization-\\d{4}-\\d{2}-\\d{2}");
    assertThat(event.path("_source").path("type").asText()).isEqualTo("synchronization");
    assertThat(event.path("_source").path("tags")).extracting(JsonNode::asText)
        .contains("deployments", "deployments:shop", "services:web:1", "outcome:applied");
    assertThat(event.path("_source").path("value").asText()).contains("web:1");
    assertThat(ids(indexedEvents(firstTag))).anyMatch(id -> id.startsWith("revision/" + first.getName() + "/applied/"));

    // the index template went in through the same connection: the mapping is Vamp's, not a guess
    JsonNode mapping = elasticsearch("GET", "/" + event.path("_index").asText() + "/_mapping", null);
    JsonNode properties = mapping.elements().next().path("mappings").path("properties");
    assertThat(properties.path("tags").path("type").asText()).isEqualTo("keyword");
    assertThat(properties.path("timestamp").path("type").asText()).isEqualTo("date");

    // a second commit: a canary, whose new version's deployment is an event of its own revision
    RevCommit canary = commit("canary 50/50", "deployments/shop.yaml",
        deployment("        web:1: { weight: 50% }\n        web:2: { weight: 50% }\n", "1", "2"));
    awaitApplied(canary);
    String canaryTag = "revision:" + canary.getName();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      List<String> ledger = ledgerIds(canaryTag);
      assertThat(ledger).isNotEmpty();
      assertThat(ids(indexedEvents(canaryTag))).containsExactlyInAnyOrderElementsOf(ledger);
    });
    assertThat(indexedEvents("services:web:2")).extracting(h -> h.path("_source").path("tags").toString())
        .anyMatch(tags -> tags.contains("\"synchronization:deployed\"") && tags.contains(canaryTag));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(ids(indexedEvents(firstTag))).as("the first revision's events, each stored once")
            .containsExactlyInAnyOrderElementsOf(ledgerIds(firstTag)));

    // the metrics route asks the same node (no request logs here: zero requests, answered, not an error)
    HttpResponse<String> metrics = api("/api/v1/metrics/gateways/shop/web/http/requests?window=60s");
    assertThat(metrics.statusCode()).as(metrics.body()).isEqualTo(200);
    JsonNode figure = JSON.readTree(metrics.body());
    assertThat(figure.path("gateway").asText()).isEqualTo("shop/web/http");
    assertThat(figure.path("requests").asLong()).isZero();
  }

  @Test
  void anElasticsearchAwayAtStartDoesNotStopTheDaemon() throws Exception {
    RevCommit first = commit("one version", "deployments/shop.yaml", deployment("", "1"));
    start(URI.create("http://127.0.0.1:" + FreePorts.allocate()));
    awaitApplied(first);
    assertThat(ledgerIds("revision:" + first.getName())).as("events wait in the ledger").isNotEmpty();
  }

  @Test
  void aServerThatIsNoSupportedElasticsearchStopsTheStartWithItsReason() throws Exception {
    HttpServer openSearch = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    openSearch.createContext("/", exchange -> {
      byte[] body = "{\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.1\"}}"
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    openSearch.start();
    try {
      commit("one version", "deployments/shop.yaml", deployment("", "1"));
      daemon = daemon(URI.create("http://127.0.0.1:" + openSearch.getAddress().getPort()));
      assertThatThrownBy(daemon::start).isInstanceOf(ConfigException.class)
          .hasMessageContaining("elasticsearch.uri").hasMessageContaining("OpenSearch 2.19.1: not supported");
    } finally {
      openSearch.stop(0);
    }
  }
}
