package io.vamp.reconciler.cli;

import static io.vamp.reconciler.cli.HistoryFixture.R1;
import static io.vamp.reconciler.cli.HistoryFixture.R2;
import static io.vamp.reconciler.cli.HistoryFixture.R3;
import static io.vamp.reconciler.cli.HistoryFixture.R4;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.model.json.StateJson;
import io.vamp.reconciler.daemon.HistoryRoutes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history over HTTP ({@link HistoryRoutes}) on a Javalin server of its own on loopback, over the ledger
 * of {@link HistoryFixture}: the same answers as {@code vamp history} and {@code vamp show}.
 */
class HistoryRoutesTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir
  Path dir;

  private Ledger ledger;
  private Javalin app;

  @BeforeEach
  void serve() {
    HistoryFixture.write(dir.resolve("data"));
    ledger = HistoryFixture.open(dir.resolve("data"));
    app = Javalin.create(config -> config.showJavalinBanner = false);
    HistoryRoutes.register(app, ledger);
    app.start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    app.stop();
    ledger.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + pathAndQuery))
        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private List<String> shas(String query) throws Exception {
    HttpResponse<String> response = get("/api/v1/history" + query);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
        .startsWith("application/json"));
    List<String> shas = new ArrayList<>();
    StateJson.mapper().readTree(response.body()).forEach(r -> shas.add(r.path("sha").asText()));
    return shas;
  }

  @Test
  void theHistoryWithEveryFilter() throws Exception {
    assertThat(shas("")).containsExactly(R4, R3, R2, R1);
    assertThat(shas("?deployment=sava")).containsExactly(R2, R1);
    assertThat(shas("?gateway=sava-gw")).containsExactly(R1);
    assertThat(shas("?status=failed,rejected")).containsExactly(R4, R3);
    assertThat(shas("?since=2026-03-01T14:00:00Z&until=2026-03-01T14:06:00Z")).containsExactly(R3, R2);
    assertThat(shas("?until=2026-03-01T14:02:00&status=applied&limit=1")).as("a local time is UTC here")
        .containsExactly(R2);
  }

  @Test
  void aParameterThatDoesNotParseIs400WithTheReason() throws Exception {
    HttpResponse<String> response = get("/api/v1/history?since=soon");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).startsWith("since: a time such as");
    assertThat(get("/api/v1/history?limit=5000").statusCode()).isEqualTo(400);
    assertThat(get("/api/v1/history?status=great").statusCode()).isEqualTo(400);
  }

  @Test
  void oneRevisionByAbbreviatedShaWithChangesActionsAndArtifacts() throws Exception {
    HttpResponse<String> response = get("/api/v1/history/aaaa2?artifacts=all");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode revision = StateJson.mapper().readTree(response.body());
    assertThat(revision.path("sha").asText()).isEqualTo(R2);
    assertThat(revision.path("changes").path("deployment/sava").asText()).isEqualTo("changed");
    assertThat(revision.path("actions").get(1).path("type").asText()).isEqualTo("publish-gateways");
    assertThat(revision.path("actions").get(1).path("duration_ms").asLong()).isEqualTo(35);
    assertThat(revision.path("artifacts")).hasSize(4);
    assertThat(StateJson.mapper().readTree(get("/api/v1/history/applied").body()).path("sha").asText()).isEqualTo(R2);
    assertThat(StateJson.mapper().readTree(get("/api/v1/history/latest").body()).path("artifacts")).isEmpty();
  }

  @Test
  void anUnknownRevisionIs404AndAnAmbiguousOne409() throws Exception {
    HttpResponse<String> unknown = get("/api/v1/history/dddd");
    HttpResponse<String> ambiguous = get("/api/v1/history/aaaa");

    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).isEqualTo("no revision dddd\n");
    assertThat(ambiguous.statusCode()).isEqualTo(409);
    assertThat(ambiguous.body()).contains(R1).contains(R2);
    assertThat(get("/api/v1/history/" + R3 + "?artifacts=some").statusCode()).isEqualTo(400);
  }
}
