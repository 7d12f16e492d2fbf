package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AgentStatusTest {

  @Test
  void theJsonCarriesWhatTheDaemonAndProbesRead() throws Exception {
    AgentStatus status = new AgentStatus("lb-1", "default", "/vamp/default/gateways/haproxy/2.6/configuration",
        AgentStatus.Phase.SERVING, OptionalLong.of(42), 7, 5,
        Optional.of(new AgentStatus.Applied(5, AgentStatus.How.RUNTIME, 12, 2, 15, Instant.parse("2026-01-01T00:00:00Z"))),
        Optional.of(new AgentStatus.Failure(7, "haproxy -c refused version 7: \"quoted\"",
            Instant.parse("2026-01-01T00:01:00Z"))),
        new AgentStatus.Counts(3, 1, 1, 0, 1, 0), new AgentStatus.RequestLogCounts(10, 2, 1, 4));
    JsonNode json = new ObjectMapper().readTree(status.toJson());
    assertThat(json.path("running").asBoolean()).isTrue();
    assertThat(json.path("haproxyPid").asLong()).isEqualTo(42);
    assertThat(json.path("configVersion").asLong()).isEqualTo(7);
    assertThat(json.path("lastAppliedVersion").asLong()).isEqualTo(5);
    assertThat(json.path("lastApply").path("how").asText()).isEqualTo("RUNTIME");
    assertThat(json.path("lastError").path("message").asText()).isEqualTo("haproxy -c refused version 7: \"quoted\"");
    assertThat(json.path("counts").path("refused").asLong()).isEqualTo(1);
    assertThat(json.path("requestLogs").path("dropped").asLong()).isEqualTo(2);
    assertThat(status.healthy()).isTrue();
  }

  @Test
  void onlyServingAndWaitingAreHealthy() {
    for (AgentStatus.Phase phase : AgentStatus.Phase.values()) {
      AgentStatus status = new AgentStatus("a", "n", "/k", phase, OptionalLong.empty(), 0, 0, Optional.empty(),
          Optional.empty(), AgentStatus.Counts.NONE, AgentStatus.RequestLogCounts.NONE);
      assertThat(status.healthy()).as(phase.name())
          .isEqualTo(phase == AgentStatus.Phase.SERVING || phase == AgentStatus.Phase.WAITING);
      assertThat(status.toJson()).contains("\"lastError\":null");
    }
  }
}
