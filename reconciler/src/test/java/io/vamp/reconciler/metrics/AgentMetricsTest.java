package io.vamp.reconciler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.haproxy.agent.AgentStatus;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

  private static AgentStatus status(AgentStatus.Phase phase, long seen, long applied, AgentStatus.Counts counts) {
    return new AgentStatus("a1", "default", "/vamp/default/gateways/haproxy/2.6/configuration", phase,
        OptionalLong.of(42), seen, applied, Optional.empty(), Optional.empty(), counts,
        new AgentStatus.RequestLogCounts(1000, 7, 2, 5));
  }

  @Test
  void theAgentsCountsPhaseAndVersionsAreReadAtEachScrape() {
    AtomicReference<AgentStatus> now = new AtomicReference<>(
        status(AgentStatus.Phase.SERVING, 9, 9, new AgentStatus.Counts(12, 1, 4, 1, 7, 2)));
    AgentMetrics metrics = new AgentMetrics(now::get);

    String text = metrics.scrape();
    assertThat(text)
        .contains("vamp_agent_reloads_total 4.0")
        .contains("vamp_agent_failed_reloads_total 1.0")
        .contains("vamp_agent_runtime_updates_total 7.0")
        .contains("vamp_agent_refused_configurations_total 1.0")
        .contains("vamp_agent_haproxy_restarts_total 2.0")
        .contains("vamp_agent_serving 1.0")
        .contains("vamp_agent_configuration_version{which=\"seen\"} 9.0")
        .contains("vamp_agent_configuration_version{which=\"applied\"} 9.0")
        .contains("vamp_agent_request_logs_total{outcome=\"received\"} 1000.0")
        .contains("vamp_agent_request_logs_total{outcome=\"dropped\"} 7.0")
        .contains("vamp_agent_request_logs_total{outcome=\"malformed\"} 2.0");

    // a refused configuration: a newer version seen than served, HAProxy restarting
    now.set(status(AgentStatus.Phase.RESTARTING, 10, 9, new AgentStatus.Counts(13, 2, 4, 1, 7, 3)));
    assertThat(metrics.scrape())
        .contains("vamp_agent_serving 0.0")
        .contains("vamp_agent_configuration_version{which=\"seen\"} 10.0")
        .contains("vamp_agent_configuration_version{which=\"applied\"} 9.0")
        .contains("vamp_agent_refused_configurations_total 2.0")
        .contains("vamp_agent_haproxy_restarts_total 3.0");
  }
}
