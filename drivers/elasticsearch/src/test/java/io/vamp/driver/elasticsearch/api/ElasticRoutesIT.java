package io.vamp.driver.elasticsearch.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.ElasticsearchEventSink;
import io.vamp.driver.elasticsearch.ElasticsearchSettings;
import io.vamp.driver.elasticsearch.Es;
import io.vamp.driver.elasticsearch.EventsQuery;
import io.vamp.driver.elasticsearch.IndexNames;
import io.vamp.driver.elasticsearch.metrics.LogIds;
import io.vamp.driver.elasticsearch.metrics.MetricsQuery;
import io.vamp.driver.elasticsearch.requestlog.RequestLogShipper;
import io.vamp.driver.elasticsearch.requestlog.SyntheticTraffic;
import io.vamp.driver.spi.event.Event;
import io.vamp.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP routes in a real Javalin over a real Elasticsearch 7.10.2 node. */
class ElasticRoutesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private Javalin app;

  @TempDir
  Path directory;

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private String serve(MetricsQuery metrics, EventsQuery events) {
    app = Javalin.create(c -> c.showJavalinBanner = false);
    ElasticRoutes.register(app, metrics, events);
    app.start("127.0.0.1", 0);
    return "http://127.0.0.1:" + app.port();
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsAndEventsAnswerAsJson() throws Exception {
    String namespace = Es.freshNamespace("api");
    try (ElasticsearchConnection connection = Es.connect(namespace);
         RequestLogShipper shipper = new RequestLogShipper(connection,
             RequestLogShipper.Options.defaults(directory).withFlush(500, Duration.ofMillis(50))
                 .withZone(ZoneOffset.UTC))) {
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      new ElasticsearchEventSink(connection).publish(List.of(
          new Event("e1", Set.of("deployments:sava", "revision:abc"), "synchronization", "deployed", now.minusSeconds(60)),
          new Event("e2", Set.of("deployments:sava"), "synchronization", "undeployed", now.minusSeconds(10)),
          new Event("e3", Set.of("deployments:other"), "synchronization", "deployed", now.minusSeconds(5))));
      shipper.start();
      List<SyntheticTraffic.Fed> fed = new ArrayList<>();
      var records = SyntheticTraffic.records("sava/sava/web", List.of(
          new SyntheticTraffic.RouteLoad("sava:1.0.0", 2, 100, 100, 0)), now.minusSeconds(1), Duration.ofSeconds(30),
          fed, 1);
      records.forEach(shipper::ship);
      await().atMost(Duration.ofSeconds(30)).until(() -> shipper.stats().indexed() == records.size());
      Es.refresh(connection, "vamp-vga-" + namespace + "-*");
      Es.refresh(connection, IndexNames.eventPattern("vamp-pulse", namespace));

      String base = serve(new MetricsQuery(connection, LogIds.HAPROXY), new EventsQuery(connection));

      HttpResponse<String> rate = get(base + "/api/v1/metrics/gateways/sava/sava/web/routes/sava:1.0.0/rate?window=60s");
      assertThat(rate.statusCode()).isEqualTo(200);
      JsonNode node = JSON.readTree(rate.body());
      assertThat(node.path("gateway").asText()).isEqualTo("sava/sava/web");
      assertThat(node.path("route").asText()).isEqualTo("sava:1.0.0");
      assertThat(node.path("requests").asLong()).isEqualTo(60);
      assertThat(node.path("value").asDouble()).isEqualTo(1.0);

      JsonNode all = JSON.readTree(get(base + "/api/v1/metrics/gateways/sava/sava/web/all?window=5m").body());
      assertThat(all.path("requests").asLong()).isEqualTo(60);
      assertThat(all.path("response_time").asDouble()).isEqualTo(100.0);
      assertThat(all.path("5xx_ratio").asDouble()).isZero();

      JsonNode none = JSON.readTree(get(base + "/api/v1/metrics/gateways/nothing/response-time").body());
      assertThat(none.path("value").isNull()).isTrue();

      assertThat(get(base + "/api/v1/metrics/gateways/sava/sava/web/speed").statusCode()).isEqualTo(404);
      assertThat(get(base + "/api/v1/metrics/gateways/sava/rate?window=forever").statusCode()).isEqualTo(400);
      assertThat(get(base + "/api/v1/metrics/gateways/sava/rate?window=30d").statusCode()).isEqualTo(400);

      JsonNode events = JSON.readTree(get(base + "/api/v1/events?tag=deployments:sava").body());
      assertThat(events.findValuesAsText("id")).containsExactly("e2", "e1");
      JsonNode both = JSON.readTree(get(base + "/api/v1/events?tag=deployments:sava&tag=revision:abc").body());
      assertThat(both.findValuesAsText("id")).containsExactly("e1");
      String since = URLEncoder.encode(now.minusSeconds(30).toString(), StandardCharsets.UTF_8);
      JsonNode recent = JSON.readTree(get(base + "/api/v1/events?tag=deployments&since=" + since).body());
      assertThat(recent.findValuesAsText("id")).containsExactly("e3", "e2");
      assertThat(recent.get(0).path("tags")).extracting(JsonNode::asText).contains("deployments", "deployments:other");
      assertThat(get(base + "/api/v1/events?since=yesterday").statusCode()).isEqualTo(400);
    }
  }

  @Test
  void anUnreachableElasticsearchIsA503() throws Exception {
    ElasticsearchSettings nowhere = ElasticsearchSettings.of("x", URI.create("http://127.0.0.1:" + FreePorts.allocate()));
    try (ElasticsearchConnection connection = ElasticsearchConnection.open(nowhere)) {
      String base = serve(new MetricsQuery(connection, LogIds.HAPROXY), new EventsQuery(connection));
      assertThat(get(base + "/api/v1/metrics/gateways/g/rate").statusCode()).isEqualTo(503);
      assertThat(get(base + "/api/v1/events").statusCode()).isEqualTo(503);
    }
  }
}
