package io.vamp.driver.elasticsearch.requestlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestLogDocumentsTest {
  private final ObjectMapper json = new ObjectMapper();
  private final RequestLogDocuments documents =
      new RequestLogDocuments(json, "vamp-vga", "prod", ZoneId.of("Europe/Amsterdam"));
  private final Instant received = Instant.parse("2024-05-01T12:00:00Z");

  private static Map<String, Object> record(String t) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("ci", "127.0.0.1");
    record.put("t", t);
    record.put("ft", "sava_sava_web__562f0822");
    record.put("b", "sava_sava_web.sava_1_0_0__8753017c");
    record.put("Tt", 200);
    record.put("ST", 200);
    record.put("r", "GET /a\"b\\c\nd HTTP/1.1");
    return record;
  }

  @Test
  void theTimestampIsHaproxysLocalTimeReadInTheHostsZone() throws Exception {
    LogEntry entry = documents.entry(record("01/May/2024:23:30:00.250"), "id1", received);
    JsonNode body = json.readTree(entry.json());
    assertThat(body.get("@timestamp").asText()).isEqualTo("2024-05-01T21:30:00.250Z");
    assertThat(entry.index()).isEqualTo("vamp-vga-prod-2024.05.01");
    assertThat(body.get("Tt").asInt()).isEqualTo(200);
    assertThat(body.get("r").asText()).isEqualTo("GET /a\"b\\c\nd HTTP/1.1");
    assertThat(entry.json()).doesNotContain("\n");
    assertThat(LogEntry.parse(entry.line())).isEqualTo(entry);
  }

  @Test
  void anExplicitTimestampWinsAndAnUnreadableOneFallsBackToArrival() {
    Map<String, Object> explicit = record("garbage");
    explicit.put("@timestamp", Instant.parse("2024-04-30T10:00:00Z"));
    assertThat(documents.timestamp(explicit, received)).isEqualTo(Instant.parse("2024-04-30T10:00:00Z"));
    Map<String, Object> millis = record("garbage");
    millis.put("@timestamp", 1_714_500_000_000L);
    assertThat(documents.timestamp(millis, received)).isEqualTo(Instant.ofEpochMilli(1_714_500_000_000L));
    assertThat(documents.timestamp(record("garbage"), received)).isEqualTo(received);
  }

  @Test
  void responseTimeLeavesOutTheIdleTimeOfAKeptAliveConnection() throws Exception {
    Map<String, Object> keptAlive = record("01/May/2024:23:30:00.250");
    keptAlive.put("Tq", 950);
    keptAlive.put("Tt", 1000);
    assertThat(RequestLogDocuments.responseTime(keptAlive)).hasValue(50L);
    assertThat(json.readTree(documents.entry(keptAlive, "id", received).json()).get("rt").asLong()).isEqualTo(50);
    Map<String, Object> active = record("x");
    active.put("Ta", 42);
    assertThat(RequestLogDocuments.responseTime(active)).hasValue(42L);
    Map<String, Object> tcp = new LinkedHashMap<>(Map.of("Tt", 300));
    assertThat(RequestLogDocuments.responseTime(tcp)).hasValue(300L);
    Map<String, Object> aborted = new LinkedHashMap<>(Map.of("Tt", -1, "Tq", -1));
    assertThat(RequestLogDocuments.responseTime(aborted)).isEmpty();
    assertThat(RequestLogDocuments.responseTime(new LinkedHashMap<>(Map.of("Tt", 80, "Tq", -1)))).hasValue(80L);
  }
}
