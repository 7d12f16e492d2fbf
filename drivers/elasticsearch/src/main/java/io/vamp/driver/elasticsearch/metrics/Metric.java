package io.vamp.driver.elasticsearch.metrics;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code GET /api/v1/metrics/gateways/{g}[/routes/{r}]/{metric}} can ask for, by the name in the
 * path (Vamp's {@code rate} and {@code response-time}, and the rest of the figures, plus {@code all}).
 */
public enum Metric {
  /** Requests per second over the window. */
  RATE("rate", "rate"),
  /** Mean response time in milliseconds (see {@link Figures}). */
  RESPONSE_TIME("response-time", "responseTime"),
  /** 95th percentile of the response time, ms. */
  RESPONSE_TIME_P95("response-time-p95", "p95"),
  /** 99th percentile of the response time, ms. */
  RESPONSE_TIME_P99("response-time-p99", "p99"),
  /** Share of requests answered with a 5xx status, 0 to 1. */
  ERROR_RATIO("5xx-ratio", "errors"),
  /** Number of requests in the window. */
  REQUESTS("requests", "count"),
  /** Every figure at once. */
  ALL("all", "summary");

  private final String path;
  private final String alias;

  Metric(String path, String alias) {
    this.path = path;
    this.alias = alias;
  }

  public String path() {
    return path;
  }

  public static Optional<Metric> byName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(m -> m.path.equals(lower) || m.alias.toLowerCase(Locale.ROOT).equals(lower))
        .findFirst();
  }

  /** The value of this metric in a set of figures (not for {@link #ALL}). */
  public double of(Figures figures) {
    return switch (this) {
      case RATE -> figures.ratePerSecond();
      case RESPONSE_TIME -> figures.meanMillis();
      case RESPONSE_TIME_P95 -> figures.p95Millis();
      case RESPONSE_TIME_P99 -> figures.p99Millis();
      case ERROR_RATIO -> figures.errorRatio();
      case REQUESTS -> figures.requests();
      case ALL -> throw new IllegalArgumentException("'all' is not one value");
    };
  }
}
