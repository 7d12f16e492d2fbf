package io.vamp.driver.elasticsearch.metrics;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.aggregations.ArrayPercentilesItem;
import co.elastic.clients.elasticsearch._types.aggregations.Percentiles;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.ElasticsearchSettings;
import io.vamp.driver.elasticsearch.IndexNames;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-gateway and per-route figures over a window ending now, from the request-log indices, by
 * Elasticsearch aggregations: request rate, mean and 95th/99th percentile of the response time (the
 * shipper's {@code rt}: HAProxy's {@code Ta}, else {@code Tt - Tq}; see {@code RequestLogDocuments}), and the share
 * of 5xx answers. A gateway's requests are the log lines whose {@code ft} is its frontend; a route's,
 * those of them whose {@code b} is the route's backend or whose {@code s} is the route's server in the
 * weighted backend (see {@link LogIds}). Both are measured where the client's request entered, so a
 * route's latency is what its users saw, the gateway's own part included. Backs {@code GET /api/v1/metrics/gateways/{g}[/routes/{r}]/{metric}?window=}.
 */
public final class MetricsQuery {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsQuery.class);

  /** The request-log field of response times (ms) the shipper derives: {@code Ta}, else {@code Tt - Tq}, else {@code Tt}. */
  public static final String RESPONSE_TIME = "rt";

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
    return figures(gateway, Optional.empty(), to.minus(checked(window)), to);
  }

  /** One route's figures over the {@code window} that ends now. */
  public Figures route(String gateway, String route, Duration window) {
    Instant to = clock.instant();
    return figures(gateway, Optional.of(route), to.minus(checked(window)), to);
  }

  /** Figures over {@code [from, to)}; for a route when {@code route} is present. */
  public Figures between(String gateway, Optional<String> route, Instant from, Instant to) {
    checked(Duration.between(from, to));
    return figures(gateway, route, from, to);
  }

  private static Duration checked(Duration window) {
    if (window.isNegative() || window.isZero() || window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("window must be more than 0 and at most " + MAX_WINDOW.toDays()
          + " days, got " + window);
    }
    return window;
  }

  /** The gateway's lines, and of those the route's when one is asked for. */
  private Query filter(String gateway, Optional<String> route, Instant from, Instant to) {
    List<Query> filters = new ArrayList<>();
    filters.add(Query.of(q -> q.term(t -> t.field("ft").value(ids.frontend(gateway)))));
    route.ifPresent(r -> filters.add(Query.of(q -> q.bool(b -> b.minimumShouldMatch("1")
        .should(s -> s.term(t -> t.field("b").value(ids.backend(gateway, r))))
        .should(s -> s.term(t -> t.field("s").value(ids.server(gateway, r))))))));
    filters.add(Query.of(q -> q.range(r -> r.date(d -> d.field("@timestamp").gte(from.toString()).lt(to.toString())))));
    return Query.of(q -> q.bool(b -> b.filter(filters)));
  }

  private Figures figures(String gateway, Optional<String> route, Instant from, Instant to) {
    Query query = filter(gateway, route, from, to);
    ElasticsearchSettings settings = connection.settings();
    List<String> indices = IndexNames.requestLogs(settings.requestLogPrefix(), settings.namespace(), from, to);
    // outside the try: a server this driver cannot speak to is not "unreachable"
    ElasticsearchClient client = connection.client();
    SearchResponse<Void> response;
    try {
      response = client.search(s -> s
          .index(indices).ignoreUnavailable(true).allowNoIndices(true)
          .size(0).trackTotalHits(t -> t.enabled(true))
          .query(query)
          .aggregations("mean", a -> a.avg(v -> v.field(RESPONSE_TIME)))
          .aggregations("percentiles", a -> a.percentiles(p -> p.field(RESPONSE_TIME).percents(95.0, 99.0).keyed(false)))
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
    LOG.debug("metrics gateway={} route={} requests={} window={}", gateway, route.orElse("-"), requests,
        Duration.between(from, to));
    return figures;
  }
}
