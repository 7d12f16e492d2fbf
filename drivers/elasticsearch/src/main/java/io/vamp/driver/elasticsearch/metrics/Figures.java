package io.vamp.driver.elasticsearch.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The figures of one gateway or route over one window {@code [from, to)}. Times are response times in
 * milliseconds (HAProxy's {@code Ta}, the request's active time, else {@code Tt - Tq}), NaN when no
 * request was seen. Percentiles
 * are Elasticsearch's (t-digest: approximate, and exact for few values).
 *
 * @param route empty for a gateway's figures
 */
public record Figures(String gateway, Optional<String> route, Instant from, Instant to, long requests,
    double ratePerSecond, double meanMillis, double p95Millis, double p99Millis, long errors5xx, double errorRatio) {

  public Duration window() {
    return Duration.between(from, to);
  }
}
