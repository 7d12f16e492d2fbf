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
}
