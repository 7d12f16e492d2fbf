package io.vamp.driver.elasticsearch.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.vamp.driver.elasticsearch.Durations;
import io.vamp.driver.elasticsearch.EventsQuery;
import io.vamp.driver.elasticsearch.metrics.Figures;
import io.vamp.driver.elasticsearch.metrics.Metric;
import io.vamp.driver.elasticsearch.metrics.MetricsQuery;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP routes over Elasticsearch:
 * <ul>
 *   <li>{@code GET /api/v1/metrics/gateways/{gateway}/{metric}?window=60s}</li>
 *   <li>{@code GET /api/v1/metrics/gateways/{gateway}/routes/{route}/{metric}?window=60s}</li>
 *   <li>{@code GET /api/v1/events?tag=a&tag=b&type=t&since=2024-05-01T00:00:00Z&limit=30}</li>
 * </ul>
 * Metric names are those of {@link Metric} ({@code rate}, {@code response-time}, {@code response-time-p95},
 * {@code response-time-p99}, {@code 5xx-ratio}, {@code requests}, {@code all}). Gateway names may hold
 * {@code /} ({@code sava/sava/web}): the path after {@code gateways/} is split at its first
 * {@code /routes/} and its last {@code /}. A window is {@code 30s}, {@code 5m}, {@code 1h} or ISO
 * ({@code PT5M}), at most 7 days. Elasticsearch being unreachable is a 503; a bad parameter a 400.
 */
public final class ElasticRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticRoutes.class);
  private static final String METRICS = "/api/v1/metrics/gateways/";

  private final MetricsQuery metrics;
  private final EventsQuery events;
  private final ObjectMapper json = new ObjectMapper();

  private ElasticRoutes(MetricsQuery metrics, EventsQuery events) {
    this.metrics = metrics;
    this.events = events;
  }

  /** Adds the metrics and events routes to {@code app}, which the caller starts and stops. */
  public static void register(Javalin app, MetricsQuery metrics, EventsQuery events) {
    registerMetrics(app, metrics);
    registerEvents(app, events);
  }

  /** Only {@code GET /api/v1/metrics/gateways/...}. */
  public static void registerMetrics(Javalin app, MetricsQuery metrics) {
    app.get(METRICS + "<path>", new ElasticRoutes(metrics, null)::metrics);
  }

  /**
   * Only {@code GET /api/v1/events}, for a daemon that serves events from Elasticsearch rather than from
   * its ledger (register one of the two: a path has one handler).
   */
  public static void registerEvents(Javalin app, EventsQuery events) {
    app.get("/api/v1/events", new ElasticRoutes(null, events)::events);
  }

  /** A parsed metrics path: gateway, optional route, metric name. */
  record MetricPath(String gateway, Optional<String> route, String metric) {
    static Optional<MetricPath> parse(String path) {
      int last = path.lastIndexOf('/');
      if (last <= 0 || last == path.length() - 1) {
        return Optional.empty();
      }
      String metric = path.substring(last + 1);
      String target = path.substring(0, last);
      int routes = target.indexOf("/routes/");
      if (routes < 0) {
        return Optional.of(new MetricPath(target, Optional.empty(), metric));
      }
      String gateway = target.substring(0, routes);
      String route = target.substring(routes + "/routes/".length());
      if (gateway.isEmpty() || route.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new MetricPath(gateway, Optional.of(route), metric));
    }
  }

  private void metrics(Context ctx) {
    Optional<MetricPath> path = MetricPath.parse(ctx.pathParam("path"));
    if (path.isEmpty()) {
      error(ctx, 404, "expected /api/v1/metrics/gateways/{gateway}[/routes/{route}]/{metric}");
      return;
    }
    Optional<Metric> metric = Metric.byName(path.get().metric());
    if (metric.isEmpty()) {
      error(ctx, 404, "no metric '" + path.get().metric() + "'; known: "
          + Arrays.stream(Metric.values()).map(Metric::path).collect(Collectors.joining(", ")));
      return;
    }
    Duration window;
    try {
      window = Optional.ofNullable(ctx.queryParam("window")).map(w -> Durations.parse("window", w))
          .orElse(MetricsQuery.DEFAULT_WINDOW);
    } catch (DriverException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    Figures figures;
    try {
      figures = path.get().route().isPresent()
          ? metrics.route(path.get().gateway(), path.get().route().get(), window)
          : metrics.gateway(path.get().gateway(), window);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    } catch (DriverException e) {
      unavailable(ctx, e);
      return;
    }
    ObjectNode node = json.createObjectNode();
    node.put("gateway", figures.gateway());
    figures.route().ifPresent(r -> node.put("route", r));
    node.put("metric", metric.get().path());
    node.put("window", figures.window().toString());
    node.put("from", figures.from().toString());
    node.put("to", figures.to().toString());
    node.put("requests", figures.requests());
    if (metric.get() == Metric.ALL) {
      number(node, "rate", figures.ratePerSecond());
      number(node, "response_time", figures.meanMillis());
      number(node, "response_time_p95", figures.p95Millis());
      number(node, "response_time_p99", figures.p99Millis());
      number(node, "5xx_ratio", figures.errorRatio());
      node.put("errors_5xx", figures.errors5xx());
    } else {
      number(node, "value", metric.get().of(figures));
    }
    ctx.contentType("application/json").result(node.toString());
  }

  private void events(Context ctx) {
    List<String> tags = ctx.queryParams("tag");
    Optional<String> type = Optional.ofNullable(ctx.queryParam("type")).filter(t -> !t.isBlank());
    Optional<Instant> since;
    int limit;
    try {
      since = Optional.ofNullable(ctx.queryParam("since")).filter(s -> !s.isBlank()).map(Instant::parse);
      limit = Optional.ofNullable(ctx.queryParam("limit")).map(Integer::parseInt).orElse(EventsQuery.DEFAULT_LIMIT);
      if (limit < 1 || limit > EventsQuery.MAX_LIMIT) {
        throw new IllegalArgumentException("limit must be 1.." + EventsQuery.MAX_LIMIT);
      }
    } catch (DateTimeParseException e) {
      error(ctx, 400, "since must be an ISO-8601 instant such as 2024-05-01T00:00:00Z");
      return;
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage());
      return;
    }
    List<Event> found;
    try {
      found = events.find(tags, type, since, limit);
    } catch (DriverException e) {
      unavailable(ctx, e);
      return;
    }
    ArrayNode list = json.createArrayNode();
    for (Event event : found) {
      ObjectNode node = list.addObject();
      node.put("id", event.id());
      ArrayNode tagList = node.putArray("tags");
      event.tags().forEach(tagList::add);
      node.put("value", event.value());
      node.put("timestamp", event.timestamp().toString());
      node.put("type", event.type());
    }
    ctx.contentType("application/json").result(list.toString());
  }

  private static void number(ObjectNode node, String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(name);
    } else {
      node.put(name, value);
    }
  }

  private void unavailable(Context ctx, DriverException e) {
    LOG.warn("elasticsearch query failed path={} retryable={} error=\"{}\"", ctx.path(), e.retryable(), e.getMessage());
    error(ctx, e.retryable() ? 503 : 502, "Elasticsearch: " + e.getMessage());
  }

  private void error(Context ctx, int status, String message) {
    ctx.status(status).contentType("application/json").result(json.createObjectNode().put("error", message).toString());
  }
}
