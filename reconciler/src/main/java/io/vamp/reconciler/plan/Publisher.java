package io.vamp.reconciler.plan;

import io.vamp.driver.haproxy.render.Endpoints;
import io.vamp.driver.haproxy.render.HaproxyRenderer;
import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.selector.SelectorRouting;
import io.vamp.model.selector.SelectorTarget;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns the desired gateways and the instances the scheduler reports into what the agents read: the
 * gateways document and the HAProxy configuration rendered from it. Pure: the same inputs give the
 * same texts, so "unchanged" is a string comparison and a converged world writes nothing.
 *
 * <p>A selector gateway's routes are made here, from what runs ({@link #route}): a workload added,
 * removed or becoming ready changes the texts, so the planner publishes again.
 */
public final class Publisher {
  /** The HAProxy version the configuration is rendered for; part of the key, so agents of another version ignore it. */
  public static final String HAPROXY_VERSION = "2.6";

  private static final Comparator<RouteTarget.ServicePort> PORT_ORDER = Comparator
      .comparing(RouteTarget.ServicePort::workload).thenComparing(RouteTarget.ServicePort::port);

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
    Routing routing = route(gateways, workloads, observed);
    Set<RouteTarget.ServicePort> ports = new TreeSet<>(PORT_ORDER);
    for (Gateway gateway : routing.gateways()) {
      for (Route route : gateway.routes()) {
        if (route.target() instanceof RouteTarget.ServicePort port) {
          ports.add(port);
        } else if (route.target() instanceof RouteTarget.Selected selected) {
          selected.members().forEach(m -> ports.add(m.servicePort()));
        }
      }
    }
    Endpoints.Builder endpoints = Endpoints.builder();
    for (RouteTarget.ServicePort port : ports) {
      ObservedWorkload instances = running.get(port.workload());
      Workload workload = desired.get(port.workload());
      endpoints.instances(port,
          instances == null ? List.of() : instances.instances().stream()
              .filter(i -> i.digest().map(d -> d.equals(instances.digest())).orElse(true)).toList(),
          workload == null ? List.of() : workload.healthChecks());
    }
    String configuration = HaproxyRenderer.render(routing.gateways(), endpoints.build(), settings);
    String document = GatewayDocument.of(namespace, routing.gateways(), observed, routing.notes()).json();
    return new Publication(Map.of(GatewayDocument.key(namespace), document, configurationKey(namespace), configuration));
  }

  /** The gateways with their selector routes made, and per gateway what a person should know about them. */
  public record Routing(List<Gateway> gateways, Map<String, List<String>> notes) {
    public Routing {
      gateways = List.copyOf(gateways);
      notes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(notes));
    }
  }

  /**
   * Makes the routes of the selector gateways from what runs: the desired workloads the scheduler reports
   * with the desired digest and ready, one target per instance that is ready and runs that digest. A
   * workload that is starting, updating, failing or being removed is never a target, so a selector
   * never sends traffic to it.
   */
  public Routing route(List<Gateway> gateways, List<Workload> workloads, List<ObservedWorkload> observed) {
    if (gateways.stream().noneMatch(g -> g.selector().isPresent())) {
      return new Routing(gateways, Map.of());
    }
    Map<WorkloadId, ObservedWorkload> running = observed.stream()
        .collect(Collectors.toMap(ObservedWorkload::id, Function.identity(), (a, b) -> a));
    List<SelectorTarget> targets = new ArrayList<>();
    for (Workload workload : workloads.stream().sorted().toList()) {
      ObservedWorkload have = running.get(workload.id());
      if (have == null || !have.digest().equals(workload.digest()) || !have.readiness().ready()) {
        continue;
      }
      have.instances().stream().filter(i -> i.ready() && i.runs(have.digest()))
          .sorted(Comparator.comparing(Instance::name))
          .forEach(i -> targets.add(SelectorTarget.instance(workload, namespace, i.name(), i.host())));
    }
    return route(gateways, targets);
  }

  /**
   * Makes the routes of the selector gateways from the workloads as declared, as if each ran and were
   * ready: what a review shows ({@code ip()} never matches there, there being no instances).
   */
  public static Routing declared(List<Gateway> gateways, List<Workload> workloads, String namespace) {
    if (gateways.stream().noneMatch(g -> g.selector().isPresent())) {
      return new Routing(gateways, Map.of());
    }
    return route(gateways, workloads.stream().sorted().map(w -> SelectorTarget.of(w, namespace)).toList());
  }

  private static Routing route(List<Gateway> gateways, List<SelectorTarget> targets) {
    List<Gateway> routed = new ArrayList<>();
    Map<String, List<String>> notes = new TreeMap<>();
    for (Gateway gateway : gateways) {
      SelectorRouting.Routed result = SelectorRouting.route(gateway, targets);
      routed.add(result.gateway());
      if (!result.notes().isEmpty()) {
        notes.put(gateway.name(), result.notes());
      }
    }
    return new Routing(routed, notes);
  }

  public String namespace() {
    return namespace;
  }

  public List<String> keys() {
    return List.of(GatewayDocument.key(namespace), configurationKey(namespace));
  }
}
