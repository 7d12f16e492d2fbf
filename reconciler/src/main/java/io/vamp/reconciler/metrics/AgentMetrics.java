package io.vamp.reconciler.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vamp.driver.haproxy.agent.AgentStatus;
import java.util.function.Supplier;

/**
 * A gateway agent's meters, read from its status at each scrape: in the daemon's registry for the
 * embedded agent, and in a registry of its own on {@code vamp agent}'s {@code /metrics}:
 *
 * <ul>
 *   <li>{@code vamp_agent_reloads_total}, {@code vamp_agent_failed_reloads_total},
 *       {@code vamp_agent_runtime_updates_total}, {@code vamp_agent_refused_configurations_total},
 *       {@code vamp_agent_haproxy_restarts_total}: what the agent did since it started;</li>
 *   <li>{@code vamp_agent_serving}: 1 while HAProxy serves the last applied configuration, else 0;</li>
 *   <li>{@code vamp_agent_configuration_version{which="seen"|"applied"}}: the newest configuration version
 *       in the store and the one HAProxy serves (apart for longer than a reload: look at the status);</li>
 *   <li>{@code vamp_agent_request_logs_total{outcome="received"|"dropped"|"malformed"}}: HAProxy's request
 *       log lines as the agent's syslog receiver got them.</li>
 * </ul>
 */
public final class AgentMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /** A registry of its own for a standalone agent ({@code vamp agent}), reading {@code status}. */
  public AgentMetrics(Supplier<AgentStatus> status) {
    register(registry, status);
  }

  /** The Prometheus text format of the agent's meters now. */
  public String scrape() {
    return registry.scrape();
  }

  /** Registers an agent's meters in {@code registry}. */
  public static void register(MeterRegistry registry, Supplier<AgentStatus> status) {
    counter(registry, "vamp_agent_reloads", "HAProxy reloads by the gateway agent", status,
        s -> s.counts().reloads());
    counter(registry, "vamp_agent_failed_reloads", "HAProxy reloads that did not complete", status,
        s -> s.counts().failedReloads());
    counter(registry, "vamp_agent_runtime_updates", "Weight changes applied through HAProxy's runtime API", status,
        s -> s.counts().runtimeUpdates());
    counter(registry, "vamp_agent_refused_configurations", "Configurations haproxy -c refused (the old one kept"
        + " serving)", status, s -> s.counts().refused());
    counter(registry, "vamp_agent_haproxy_restarts", "HAProxy restarted after it stopped unexpectedly", status,
        s -> s.counts().restarts());
    Gauge.builder("vamp_agent_serving", status, s -> s.get().phase() == AgentStatus.Phase.SERVING ? 1 : 0)
        .description("1 while HAProxy serves the last applied configuration").register(registry);
    Gauge.builder("vamp_agent_configuration_version", status, s -> s.get().configVersion())
        .tag("which", "seen").description("Configuration versions: the newest in the store, the one served")
        .register(registry);
    Gauge.builder("vamp_agent_configuration_version", status, s -> s.get().lastAppliedVersion())
        .tag("which", "applied").description("Configuration versions: the newest in the store, the one served")
        .register(registry);
    for (String outcome : new String[] {"received", "dropped", "malformed"}) {
      FunctionCounter.builder("vamp_agent_request_logs", status, s -> {
        AgentStatus.RequestLogCounts c = s.get().requestLogs();
        return switch (outcome) {
          case "received" -> c.received();
          case "dropped" -> c.dropped();
          default -> c.malformed();
        };
      }).tag("outcome", outcome).description("HAProxy request log lines the agent's syslog receiver got")
          .register(registry);
    }
  }

  private static void counter(MeterRegistry registry, String name, String description, Supplier<AgentStatus> status,
      java.util.function.ToDoubleFunction<AgentStatus> value) {
    FunctionCounter.builder(name, status, s -> value.applyAsDouble(s.get())).description(description)
        .register(registry);
  }
}
