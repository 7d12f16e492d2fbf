package io.vamp.driver.elasticsearch.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class MetricPathTest {

  @Test
  void gatewayNamesMayHoldSlashes() {
    assertThat(ElasticRoutes.MetricPath.parse("sava/sava/web/rate"))
        .hasValue(new ElasticRoutes.MetricPath("sava/sava/web", Optional.empty(), "rate"));
    assertThat(ElasticRoutes.MetricPath.parse("sava/sava/web/routes/sava:1.0.0/response-time"))
        .hasValue(new ElasticRoutes.MetricPath("sava/sava/web", Optional.of("sava:1.0.0"), "response-time"));
    assertThat(ElasticRoutes.MetricPath.parse("edge/routes/sava/sava/web/5xx-ratio"))
        .hasValue(new ElasticRoutes.MetricPath("edge", Optional.of("sava/sava/web"), "5xx-ratio"));
  }

  @Test
  void aPathWithoutGatewayOrMetricIsNoMetricPath() {
    assertThat(ElasticRoutes.MetricPath.parse("rate")).isEmpty();
    assertThat(ElasticRoutes.MetricPath.parse("g/")).isEmpty();
    assertThat(ElasticRoutes.MetricPath.parse("g/routes//rate")).isEmpty();
  }
}
