package io.vamp.driver.elasticsearch.metrics;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.aggregations.ArrayPercentilesItem;
import co.elastic.clients.elasticsearch._types.aggregations.Percentiles;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.ElasticsearchSettings;
import io.vamp.driver.elasticsearch.IndexNames;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-gateway and per-route figures over a window ending now, from the request-log indices, by
 * Elasticsearch aggregations: request rate, mean and 95th/99th percentile of {@code Tt}, and the share
 * of 5xx answers. A gateway's requests are the log lines whose {@code ft} is its frontend; a route's,
 * those whose {@code b} is its backend (each request reaches exactly one route backend; see
 * {@link LogIds}). Backs {@code GET /api/v1/metrics/gateways/{g}[/routes/{r}]/{metric}?window=}.
 */
public final class MetricsQuery {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsQuery.class);

  public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  private final ElasticsearchConnection connection;
  private final LogIds ids;
  private final Clock clock;

  public MetricsQuery(ElasticsearchConnection connection, LogIds ids) {
    this(connection, ids, Clock.systemUTC());
  }

  public MetricsQuery(ElasticsearchConnection connection, LogIds ids, Clock clock) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.ids = Objects.requireNonNull(ids, "ids");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The gateway's figures over the {@code window} that ends now. */
  public Figures gateway(String gateway, Duration window) {
    Instant to = clock.instant();
    return figures(gateway, Optional.empty(), "ft", ids.frontend(gateway), to.minus(checked(window)), to);
  }

  /** One route's figures over the {@code window} that ends now. */
  public Figures route(String gateway, String route, Duration window) {
    Instant to = clock.instant();
    return figures(gateway, Optional.of(route), "b", ids.backend(gateway, route), to.minus(checked(window)), to);
  }

  /** Figures over {@code [from, to)}; for a route when {@code route} is present. */
  public Figures between(String gateway, Optional<String> route, Instant from, Instant to) {
    checked(Duration.between(from, to));
    return route.isPresent()
        ? figures(gateway, route, "b", ids.backend(gateway, route.get()), from, to)
        : figures(gateway, route, "ft", ids.frontend(gateway), from, to);
  }

  private static Duration checked(Duration window) {
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window must be more than 0 and at most " + MAX_WINDOW.toDays()
          + " days, got " + window);
    }
    return window;
  }

  private Figures figures(String gateway, Optional<String> route, String field, String id, Instant from, Instant to) {
    ElasticsearchSettings settings = connection.settings();
    List<String> indices = IndexNames.requestLogs(settings.requestLogPrefix(), settings.namespace(), from, to);
    SearchResponse<Void> response;
    try {
      response = connection.client().search(s -> s
          .index(indices).ignoreUnavailable(true).allowNoIndices(true)
          .size(0).trackTotalHits(t -> t.enabled(true))
          .query(q -> q.bool(b -> b
              .filter(f -> f.term(t -> t.field(field).value(id)))
              .filter(f -> f.range(r -> r.date(d -> d.field("@timestamp").gte(from.toString()).lt(to.toString()))))))
          .aggregations("mean", a -> a.avg(v -> v.field("Tt")))
          .aggregations("percentiles", a -> a.percentiles(p -> p.field("Tt").percents(95.0, 99.0).keyed(false)))
          .aggregations("errors", a -> a.filter(q -> q.range(r -> r.number(n -> n.field("ST").gte(500.0))))),
          Void.class);
    } catch (ElasticsearchException e) {
      throw new DriverException("Elasticsearch refused a metrics query status=" + e.status() + ": " + e.getMessage(),
          e, e.status() == 429 || e.status() >= 500);
    } catch (IOException | RuntimeException e) {
      throw new DriverException("Elasticsearch unreachable at " + connection.where() + ": " + e, e, true);
    }
    long requests = response.hits().total() == null ? 0 : response.hits().total().value();
    double meanMillis = Double.NaN;
    double p95 = Double.NaN;
    double p99 = Double.NaN;
    long errors = 0;
    // no request, or no index for those days: Elasticsearch then sends no aggregations at all
    if (requests > 0 && response.aggregations().containsKey("mean")) {
      meanMillis = response.aggregations().get("mean").avg().value();
      Percentiles values = response.aggregations().get("percentiles").tdigestPercentiles().values();
      for (ArrayPercentilesItem item : values.isArray() ? values.array() : List.<ArrayPercentilesItem>of()) {
        if (item.key() == 95.0) {
          p95 = item.value();
        } else if (item.key() == 99.0) {
          p99 = item.value();
        }
      }
      errors = response.aggregations().get("errors").filter().docCount();
    }
    double seconds = Duration.between(from, to).toMillis() / 1000.0;
    Figures figures = new Figures(gateway, route, from, to, requests, requests / seconds, meanMillis, p95, p99, errors,
        requests == 0 ? 0.0 : (double) errors / requests);
    LOG.debug("metrics gateway={} route={} {}={} requests={} window={}", gateway, route.orElse("-"), field, id,
        requests, Duration.between(from, to));
    return figures;
  }
}
