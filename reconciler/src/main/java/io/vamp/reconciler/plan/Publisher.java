package io.vamp.reconciler.plan;

import io.vamp.driver.haproxy.render.Endpoints;
import io.vamp.driver.haproxy.render.HaproxyRenderer;
import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the desired gateways and the instances the scheduler reports into what the agents read: the
 * gateways document and the HAProxy configuration rendered from it. Pure: the same inputs give the
 * same texts, so "unchanged" is a string comparison and a converged world writes nothing.
 */
public final class Publisher {
  /** The HAProxy version the configuration is rendered for; part of the key, so agents of another version ignore it. */
  public static final String HAPROXY_VERSION = "2.6";

  private final String namespace;
  private final RenderSettings settings;

  public Publisher(String namespace, RenderSettings settings) {
    this.namespace = namespace;
    this.settings = settings;
  }

  public static String configurationKey(String namespace) {
    return GatewayDocument.key(namespace) + "/haproxy/" + HAPROXY_VERSION + "/configuration";
  }

  public Publication publication(List<Gateway> gateways, List<Workload> workloads, List<ObservedWorkload> observed) {
    Map<WorkloadId, Workload> desired = workloads.stream().collect(Collectors.toMap(Workload::id, Function.identity()));
    Map<WorkloadId, ObservedWorkload> running = observed.stream()
        .collect(Collectors.toMap(ObservedWorkload::id, Function.identity(), (a, b) -> a));
    Endpoints.Builder endpoints = Endpoints.builder();
    for (Gateway gateway : gateways) {
      for (Route route : gateway.routes()) {
        if (route.target() instanceof RouteTarget.ServicePort port) {
          ObservedWorkload instances = running.get(port.workload());
          Workload workload = desired.get(port.workload());
          endpoints.instances(port,
              instances == null ? List.of() : instances.instances().stream()
                  .filter(i -> i.digest().map(d -> d.equals(instances.digest())).orElse(true)).toList(),
              workload == null ? List.of() : workload.healthChecks());
        }
      }
    }
    String configuration = HaproxyRenderer.render(gateways, endpoints.build(), settings);
    String document = GatewayDocument.of(namespace, gateways, observed).json();
    return new Publication(Map.of(GatewayDocument.key(namespace), document, configurationKey(namespace), configuration));
  }

  public String namespace() {
    return namespace;
  }

  public List<String> keys() {
    return List.of(GatewayDocument.key(namespace), configurationKey(namespace));
  }
}
