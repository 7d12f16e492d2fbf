package io.vamp.driver.elasticsearch.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.Es;
import io.vamp.driver.elasticsearch.metrics.Figures;
import io.vamp.driver.elasticsearch.metrics.LogIds;
import io.vamp.driver.elasticsearch.metrics.MetricsQuery;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic request logs of a slow route (Tt 180-220 ms, 5 req/s) and a fast one (Tt 15-25 ms, 20 req/s,
 * every 25th a 503), shipped to a real Elasticsearch 7.10.2 node: the metrics tell them apart, with rate
 * and latency within 10 % of what was fed. (The same with real HAProxy traffic needs the gateway agent;
 * see the README.)
 */
class RequestLogMetricsIT {
  private static final String GATEWAY = "sava/sava/web";
  private static final Duration WINDOW = Duration.ofSeconds(60);

  @TempDir
  Path directory;

  @Test
  void metricsTellASlowRouteFromAFastOneWithinTenPercent() {
    String namespace = Es.freshNamespace("metrics");
    Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5);
    List<SyntheticTraffic.Fed> fed = new ArrayList<>();
    List<Map<String, Object>> records = SyntheticTraffic.records(GATEWAY, List.of(
        new SyntheticTraffic.RouteLoad("sava:1.0.0", 5, 180, 220, 0),
        new SyntheticTraffic.RouteLoad("sava:1.1.0", 20, 15, 25, 25)), to, WINDOW, fed, 42);
    // plus lines just outside the window, which must not count
    records.add(SyntheticTraffic.line(to, LogIds.HAPROXY.frontend(GATEWAY), "x", 999, 500));
    records.add(SyntheticTraffic.line(to.minus(WINDOW).minusMillis(1), LogIds.HAPROXY.frontend(GATEWAY), "x", 999, 500));

    try (ElasticsearchConnection connection = Es.connect(namespace);
         RequestLogShipper shipper = new RequestLogShipper(connection,
             RequestLogShipper.Options.defaults(directory).withFlush(500, Duration.ofMillis(100))
                 .withZone(ZoneOffset.UTC))) {
      shipper.start();
      long started = System.nanoTime();
      records.forEach(shipper::ship);
      await().atMost(Duration.ofSeconds(60)).until(() -> shipper.stats().indexed() == records.size());
      long shippedMillis = (System.nanoTime() - started) / 1_000_000;
      Es.refresh(connection, "vamp-vga-" + namespace + "-*");

      MetricsQuery metrics = new MetricsQuery(connection, LogIds.HAPROXY, Clock.fixed(to, ZoneOffset.UTC));
      long queryStart = System.nanoTime();
      Figures slow = metrics.route(GATEWAY, "sava:1.0.0", WINDOW);
      long queryMillis = (System.nanoTime() - queryStart) / 1_000_000;
      Figures fast = metrics.route(GATEWAY, "sava:1.1.0", WINDOW);
      Figures gateway = metrics.gateway(GATEWAY, WINDOW);
      System.out.printf("measured: shipped %d records in %d ms; one metrics query %d ms%n", records.size(),
          shippedMillis, queryMillis);
      System.out.printf("measured: slow %s%nmeasured: fast %s%nmeasured: gateway %s%n", slow, fast, gateway);

      SyntheticTraffic.Fed slowFed = fed.get(0);
      SyntheticTraffic.Fed fastFed = fed.get(1);
      assertThat(slow.requests()).isEqualTo(300);
      assertThat(fast.requests()).isEqualTo(1200);
      assertThat(gateway.requests()).isEqualTo(1500);
      assertThat(slow.ratePerSecond()).isCloseTo(5.0, within(0.5));
      assertThat(fast.ratePerSecond()).isCloseTo(20.0, within(2.0));
      assertThat(gateway.ratePerSecond()).isCloseTo(25.0, within(2.5));
      assertThat(slow.meanMillis()).isCloseTo(slowFed.mean(), within(slowFed.mean() * 0.1));
      assertThat(fast.meanMillis()).isCloseTo(fastFed.mean(), within(fastFed.mean() * 0.1));
      assertThat(slow.p95Millis()).isCloseTo(slowFed.percentile(95), within(slowFed.percentile(95) * 0.1));
      assertThat(slow.p99Millis()).isCloseTo(slowFed.percentile(99), within(slowFed.percentile(99) * 0.1));
      assertThat(fast.p95Millis()).isCloseTo(fastFed.percentile(95), within(fastFed.percentile(95) * 0.1));
      assertThat(fast.p99Millis()).isCloseTo(fastFed.percentile(99), within(fastFed.percentile(99) * 0.1));
      assertThat(slow.errorRatio()).isZero();
      assertThat(fast.errorRatio()).isCloseTo(fastFed.errors() / 1200.0, within(1e-9));
      assertThat(gateway.errors5xx()).isEqualTo(fastFed.errors());
      // the slow route is told from the fast one
      assertThat(slow.meanMillis()).isGreaterThan(5 * fast.meanMillis());
      assertThat(fast.ratePerSecond()).isGreaterThan(3 * slow.ratePerSecond());

      Figures nothing = metrics.route(GATEWAY, "sava:9.9.9", WINDOW);
      assertThat(nothing.requests()).isZero();
      assertThat(nothing.meanMillis()).isNaN();
      assertThat(nothing.errorRatio()).isZero();
      Figures earlier = metrics.between(GATEWAY, Optional.empty(), to.minus(Duration.ofDays(3)), to.minus(Duration.ofDays(2)));
      assertThat(earlier.requests()).isZero();
    }
  }
}
