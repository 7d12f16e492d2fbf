package io.vamp.reconciler.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.json.StateJson;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the reconciler publishes for the gateway agents under {@code /vamp/<namespace>/gateways}: every
 * gateway with its routes, and for routes to a workload port the instances' {@code host:port}
 * endpoints as the scheduler reports them. Deterministic text, so "changed" is a string comparison.
 */
public record GatewayDocument(String key, String json) {

  public GatewayDocument {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
  }

  /** The key the gateways document lives under. */
  public static String key(String namespace) {
    return "/vamp/" + namespace + "/gateways";
  }

  public static GatewayDocument of(String namespace, List<Gateway> gateways, List<ObservedWorkload> observed) {
    return of(namespace, gateways, observed, Map.of());
  }

  /**
   * The document, with a selector gateway's routes as made from what runs and, under {@code notes}, what
   * a person should know about them (a selector that matches nothing, a renamed route, ...).
   */
  public static GatewayDocument of(String namespace, List<Gateway> gateways, List<ObservedWorkload> observed,
      Map<String, List<String>> notes) {
    Map<WorkloadId, ObservedWorkload> byId = observed.stream()
        .collect(Collectors.toMap(ObservedWorkload::id, Function.identity(), (a, b) -> a));
    ObjectNode root = StateJson.mapper().createObjectNode();
    root.put("namespace", namespace);
    ArrayNode list = root.putArray("gateways");
    for (Gateway gateway : gateways) {
      ObjectNode node = StateJson.gateway(gateway);
      ArrayNode routes = (ArrayNode) node.get("routes");
      for (int i = 0; i < gateway.routes().size(); i++) {
        Route route = gateway.routes().get(i);
        ArrayNode endpoints = ((ObjectNode) routes.get(i)).putArray("endpoints");
        if (route.target() instanceof RouteTarget.ServicePort port) {
          ObservedWorkload workload = byId.get(port.workload());
          List<Instance> instances = workload == null ? List.of() : workload.instances();
          instances.stream()
              .filter(instance -> instance.ports().containsKey(port.port()))
              .sorted(java.util.Comparator.comparing(Instance::name))
              .forEach(instance -> endpoints.addObject()
                  .put("instance", instance.name())
                  .put("host", instance.host())
                  .put("port", instance.ports().get(port.port())));
        } else if (route.target() instanceof RouteTarget.Selected selected) {
          for (RouteTarget.Selected.Member member : selected.members()) {
            ObservedWorkload workload = byId.get(member.workload());
            if (workload == null) {
              continue;
            }
            workload.instances().stream()
                .filter(inst -> inst.ready() && inst.runs(workload.digest()) && inst.ports().containsKey(member.port()))
                .filter(inst -> member.instance().map(name -> name.equals(inst.name())).orElse(true))
                .sorted(java.util.Comparator.comparing(Instance::name))
                .forEach(instance -> endpoints.addObject()
                    .put("instance", instance.name())
                    .put("host", instance.host())
                    .put("port", instance.ports().get(member.port())));
          }
        }
      }
      List<String> gatewayNotes = notes.getOrDefault(gateway.name(), List.of());
      if (!gatewayNotes.isEmpty()) {
        ArrayNode array = node.putArray("notes");
        gatewayNotes.forEach(array::add);
      }
      list.add(node);
    }
    return new GatewayDocument(key(namespace), StateJson.text(root));
  }
}
