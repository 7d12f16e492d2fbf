package io.vamp.reconciler.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DaemonMetricsTest {
  final DaemonMetrics metrics = new DaemonMetrics(Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC));

  @Test
  void reconcileOutcomesRevisionsActionsAndDrift() {
    metrics.reconciled("applied", Duration.ofMillis(1500));
    metrics.reconciled("rejected", Duration.ofMillis(20));
    metrics.reconciled("something new", Duration.ofMillis(20));
    metrics.action("deploy", "applied");
    metrics.action("wait-ready", "failed");
    metrics.action("expose-gateways", "applied");
    metrics.action("x".repeat(100), "weird");
    metrics.driftChecked("applied");
    metrics.driftChecked("converged");
    metrics.gitPolled(false, System.nanoTime());
    metrics.gitPolled(true, System.nanoTime());
    String text = metrics.scrape();
    assertThat(text)
        .contains("vamp_reconcile_duration_seconds_count{outcome=\"applied\"} 1")
        .contains("vamp_reconcile_duration_seconds_bucket{outcome=\"applied\",le=")
        .contains("vamp_reconcile_duration_seconds_count{outcome=\"other\"} 1")
        .contains("vamp_revisions_total{status=\"applied\"} 1")
        .contains("vamp_revisions_total{status=\"rejected\"} 1")
        .contains("vamp_actions_total{outcome=\"applied\",type=\"deploy\"} 1")
        .contains("vamp_actions_total{outcome=\"failed\",type=\"wait-ready\"} 1")
        .contains("vamp_actions_total{outcome=\"applied\",type=\"expose-gateways\"} 1")
        .contains("vamp_actions_total{outcome=\"other\",type=\"other\"} 1")
        .contains("vamp_drift_corrections_total 1")
        .contains("vamp_git_poll_duration_seconds_count 1")
        .contains("vamp_git_fetch_duration_seconds_count 1")
        .contains("vamp_last_applied_revision_timestamp_seconds 1.7E9");
  }

  @Test
  void routeWeightsFollowTheCurrentGatewaysOnly() {
    AtomicReference<String> document = new AtomicReference<>("""
        {"gateways":[{"name":"sava/web","routes":[{"name":"sava:1.0/web","weight":90},
        {"name":"sava:1.1/web","weight":10}]}]}""");
    metrics.gateways(() -> Optional.ofNullable(document.get()));
    assertThat(metrics.scrape())
        .contains("vamp_gateway_route_weight{gateway=\"sava/web\",route=\"sava:1.0/web\"} 90.0")
        .contains("vamp_gateway_route_weight{gateway=\"sava/web\",route=\"sava:1.1/web\"} 10.0");
    document.set("""
        {"gateways":[{"name":"sava/web","routes":[{"name":"sava:1.1/web","weight":100}]}]}""");
    assertThat(metrics.scrape()).doesNotContain("sava:1.0/web")
        .contains("vamp_gateway_route_weight{gateway=\"sava/web\",route=\"sava:1.1/web\"} 100.0");
  }

  @Test
  void routeWeightsAreCapped() {
    StringBuilder json = new StringBuilder("{\"gateways\":[");
    for (int g = 0; g < 50; g++) {
      json.append(g == 0 ? "" : ",").append("{\"name\":\"g").append(g).append("\",\"routes\":[");
      for (int r = 0; r < 20; r++) {
        json.append(r == 0 ? "" : ",").append("{\"name\":\"r").append(r).append("\",\"weight\":5}");
      }
      json.append("]}");
    }
    json.append("]}");
    metrics.gateways(() -> Optional.of(json.toString()));
    long rows = metrics.scrape().lines().filter(l -> l.startsWith("vamp_gateway_route_weight{")).count();
    assertThat(rows).isEqualTo(DaemonMetrics.MAX_ROUTES);
  }

  @Test
  void outboxDepthIsReadAtScrape() {
    AtomicReference<Integer> depth = new AtomicReference<>(3);
    metrics.outbox(depth, AtomicReference::get);
    assertThat(metrics.scrape()).contains("vamp_event_outbox_depth 3.0");
    depth.set(7);
    assertThat(metrics.scrape()).contains("vamp_event_outbox_depth 7.0");
  }
}
