package io.vamp.driver.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.spi.event.Event;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IndexNamesTest {

  @Test
  void eventIndexIsVampsDailyIndexPerNamespaceAndTypeInUtc() {
    assertThat(IndexNames.event("vamp-pulse", "prod", "synchronization", Instant.parse("2024-05-01T23:59:59Z")))
        .isEqualTo("vamp-pulse-prod-synchronization-2024-05-01");
    assertThat(IndexNames.event("vamp-pulse", "prod", "Gateway Metric/x", Instant.parse("2024-05-02T00:00:00Z")))
        .isEqualTo("vamp-pulse-prod-gateway_metric_x-2024-05-02");
  }

  @Test
  void requestLogIndicesAreNamedDayByDayOverAWindow() {
    assertThat(IndexNames.requestLog("vamp-vga", "prod", Instant.parse("2024-05-01T10:00:00Z")))
        .isEqualTo("vamp-vga-prod-2024.05.01");
    assertThat(IndexNames.requestLogs("vamp-vga", "prod", Instant.parse("2024-04-30T23:00:00Z"),
        Instant.parse("2024-05-02T00:30:00Z")))
        .containsExactly("vamp-vga-prod-2024.04.30", "vamp-vga-prod-2024.05.01", "vamp-vga-prod-2024.05.02");
  }

  @Test
  void eventDocumentsHaveVampsShapeAndReadBack() {
    Event event = new Event("action/abc/1/applied", Set.of("deployments:sava", "revision:abc"), "synchronization",
        "deploy sava", Instant.parse("2024-05-01T10:00:00.123Z"));
    Map<String, Object> body = EventDocuments.body(event);
    assertThat(body).containsOnlyKeys("tags", "type", "value", "timestamp");
    assertThat(body.get("tags")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST).containsExactly("deployments", "deployments:sava", "revision", "revision:abc");
    assertThat(body.get("timestamp")).isEqualTo("2024-05-01T10:00:00.123Z");
    assertThat(EventDocuments.event(event.id(), body)).isEqualTo(event);
  }

  @Test
  void anIdLongerThanElasticsearchAllowsBecomesAStableHash() {
    String longId = "x".repeat(600);
    assertThat(EventDocuments.documentId("short")).isEqualTo("short");
    assertThat(EventDocuments.documentId(longId)).startsWith("sha256:").hasSize(7 + 64)
        .isEqualTo(EventDocuments.documentId(longId));
  }

  @Test
  void templatesNameTheirPrefixPattern() {
    assertThat(IndexTemplates.body(IndexTemplates.Kind.EVENTS, "vamp-pulse"))
        .contains("\"vamp-pulse-*\"").contains("\"tags\": { \"type\": \"keyword\" }")
        .contains("\"timestamp\": { \"type\": \"date\" }");
    assertThat(IndexTemplates.body(IndexTemplates.Kind.REQUEST_LOGS, "vamp-vga")).contains("\"vamp-vga-*\"")
        .contains("\"Tt\": { \"type\": \"long\" }");
  }
}
