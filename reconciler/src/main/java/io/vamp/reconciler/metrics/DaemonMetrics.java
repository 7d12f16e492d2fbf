package io.vamp.reconciler.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vamp.driver.haproxy.agent.AgentStatus;
import io.vamp.model.json.StateJson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's meters, in one Prometheus registry served on {@code /metrics}:
 *
 * <ul>
 *   <li>{@code vamp_reconcile_duration_seconds{outcome}}: histogram of reconciling one revision;</li>
 *   <li>{@code vamp_revisions_total{status}}: revisions finished, by ledger status;</li>
 *   <li>{@code vamp_actions_total{type,outcome}}: plan actions carried out;</li>
 *   <li>{@code vamp_drift_corrections_total}: drift corrected between commits;</li>
 *   <li>{@code vamp_git_poll_duration_seconds}: polls that found the branch unchanged (a ref advertisement);</li>
 *   <li>{@code vamp_git_fetch_duration_seconds}: polls that found a new head (advertisement and fetch);</li>
 *   <li>{@code vamp_last_applied_revision_timestamp_seconds}: when a revision was last applied;</li>
 *   <li>{@code vamp_gateway_route_weight{gateway,route}}: the published weights, refreshed at each scrape;</li>
 *   <li>{@code vamp_agent_*}: the embedded agent's meters (see {@link AgentMetrics});</li>
 *   <li>{@code vamp_event_outbox_depth}: events not yet shipped, counted up to {@link #OUTBOX_CAP}.</li>
 * </ul>
 */
public final class DaemonMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonMetrics.class);
  /** At most this many gateway routes are exported (label cardinality). */
  public static final int MAX_ROUTES = 500;
  /** The outbox is counted up to this many events (one bounded query per scrape). */
  public static final int OUTBOX_CAP = 1_000;

  private static final Set<String> OUTCOMES = Set.of("applied", "converged", "rejected", "failed", "superseded");
  private static final Set<String> ACTION_TYPES = Set.of("deploy", "update", "wait-ready", "publish-gateways",
      "undeploy", "expose-gateways");
  private static final Set<String> ACTION_OUTCOMES = Set.of("applied", "noop", "failed", "superseded");
  private static final Set<String> STATUSES = Set.of("applied", "rejected", "failed", "superseded");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Clock clock;
  private final AtomicLong lastApplied = new AtomicLong();
  private final Counter drift;
  private final Timer gitPoll;
  private final Timer gitFetch;
  private final MultiGauge routeWeights;
  private volatile Supplier<Optional<String>> gatewaysDocument = Optional::empty;

  public DaemonMetrics(Clock clock) {
    this.clock = clock;
    drift = Counter.builder("vamp_drift_corrections").description("Drift corrected between commits")
        .register(registry);
    gitPoll = Timer.builder("vamp_git_poll_duration").description("Git polls that found the branch unchanged")
        .publishPercentileHistogram().register(registry);
    gitFetch = Timer.builder("vamp_git_fetch_duration")
        .description("Git polls that found a new head: ref advertisement and fetch").publishPercentileHistogram()
        .register(registry);
    Gauge.builder("vamp_last_applied_revision_timestamp_seconds", lastApplied, AtomicLong::get)
        .description("When a revision was last applied (epoch seconds; 0: none since start)").register(registry);
    routeWeights = MultiGauge.builder("vamp_gateway_route_weight")
        .description("Published weight of each route of each current gateway").register(registry);
    for (String outcome : OUTCOMES) {
      reconcileTimer(outcome);
    }
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition, with the route weights read afresh. */
  public String scrape() {
    refreshRouteWeights();
    return registry.scrape();
  }

  /** One revision reconciled (or rejected as unreadable): its duration and outcome. */
  public void reconciled(String outcome, Duration took) {
    String o = bounded(outcome, OUTCOMES);
    reconcileTimer(o).record(took);
    String status = switch (o) {
      case "applied", "converged" -> "applied";
      default -> o;
    };
    revision(status);
    if (status.equals("applied")) {
      lastApplied.set(clock.instant().getEpochSecond());
    }
  }

  /** A revision reached a ledger status. */
  public void revision(String status) {
    Counter.builder("vamp_revisions").description("Revisions finished, by ledger status")
        .tag("status", bounded(status, STATUSES)).register(registry).increment();
  }

  /** One plan action done. */
  public void action(String type, String outcome) {
    Counter.builder("vamp_actions").description("Plan actions, by type and outcome")
        .tags("type", bounded(type, ACTION_TYPES), "outcome", bounded(outcome, ACTION_OUTCOMES))
        .register(registry).increment();
  }

  /** A drift check's outcome: counted when it changed something. */
  public void driftChecked(String outcome) {
    if (outcome.equals("applied") || outcome.equals("failed")) {
      drift.increment();
    }
  }

  /** A poll since {@code startNanos} (System.nanoTime): a new head means it fetched. */
  public void gitPolled(boolean newHead, long startNanos) {
    (newHead ? gitFetch : gitPoll).record(Duration.ofNanos(System.nanoTime() - startNanos));
  }

  /** Where the published gateways document comes from (the key-value store). */
  public void gateways(Supplier<Optional<String>> document) {
    this.gatewaysDocument = document;
  }

  /** The embedded agent's meters ({@link AgentMetrics}), read at each scrape. */
  public void agent(Supplier<AgentStatus> status) {
    AgentMetrics.register(registry, status);
  }

  /** The ledger's outbox: {@code pending} is asked for at most {@link #OUTBOX_CAP} events. */
  public <T> void outbox(T ledger, ToIntFunction<T> pending) {
    Gauge.builder("vamp_event_outbox_depth", ledger, l -> {
      try {
        return pending.applyAsInt(l);
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }).description("Events waiting in the ledger's outbox (capped at " + OUTBOX_CAP + ")").register(registry);
  }

  /** The daemon's sources: published gateways from the store, the outbox from the ledger, the embedded agent. */
  public void daemon(io.vamp.reconciler.loop.Backends backends, String namespace,
      Optional<io.vamp.driver.haproxy.agent.GatewayAgent> agent) {
    String key = io.vamp.reconciler.plan.GatewayDocument.key(namespace);
    gateways(() -> backends.kv().get(key).map(io.vamp.driver.spi.kv.Versioned::value));
    outbox(backends.ledger(), ledger -> ledger.pendingEvents(OUTBOX_CAP).size());
    agent.ifPresent(a -> agent(a::status));
  }

  private Timer reconcileTimer(String outcome) {
    return Timer.builder("vamp_reconcile_duration").description("Reconciling one revision, by outcome")
        .tag("outcome", outcome).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(30)).register(registry);
  }

  private void refreshRouteWeights() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    try {
      Optional<String> document = gatewaysDocument.get();
      if (document.isPresent()) {
        JsonNode root = StateJson.mapper().readTree(document.get());
        for (JsonNode gateway : root.path("gateways")) {
          for (JsonNode route : gateway.path("routes")) {
            if (rows.size() >= MAX_ROUTES) {
              break;
            }
            rows.add(MultiGauge.Row.of(Tags.of("gateway", gateway.path("name").asText(),
                "route", route.path("name").asText()), route.path("weight").asDouble()));
          }
        }
      }
    } catch (Exception e) {
      LOG.debug("route weights unavailable: {}", e.toString());
    }
    routeWeights.register(rows, true);
  }

  private static String bounded(String value, Set<String> known) {
    String v = value == null ? "" : value.toLowerCase(Locale.ROOT);
    return known.contains(v) ? v : "other";
  }
}
