package io.vamp.model.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.Workload;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The desired state as JSON: stable key order, sorted collections, conditions in their canonical
 * text. Used for golden files, {@code vamp plan --format json} and the gateways value in the KV store.
 */
public final class StateJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private StateJson() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  public static String write(DesiredState state) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode workloads = root.putArray("workloads");
    state.workloads().forEach(w -> workloads.add(workload(w)));
    ArrayNode gateways = root.putArray("gateways");
    state.gateways().forEach(g -> gateways.add(gateway(g)));
    return text(root);
  }

  public static String text(Object node) {
    try {
      return MAPPER.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode workload(Workload w) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", w.id().toString());
    node.put("digest", w.digest());
    node.putObject("deployable").put("type", w.deployable().type().dsl()).put("definition",
        w.deployable().definition());
    ObjectNode ports = node.putObject("ports");
    for (Port port : w.ports()) {
      ports.put(port.name(), port.dsl());
    }
    ObjectNode env = node.putObject("environment");
    w.environment().forEach(env::put);
    node.putObject("resources").put("cpu", w.resources().cpu().toPlainString())
        .put("memory_mb", w.resources().memoryMb()).put("instances", w.resources().instances());
    ArrayNode checks = node.putArray("health_checks");
    for (HealthCheck check : w.healthChecks()) {
      checks.addObject().put("path", check.path()).put("port", check.port()).put("protocol", check.protocol())
          .put("initial_delay", check.initialDelay().toString()).put("timeout", check.timeout().toString())
          .put("interval", check.interval().toString()).put("failures", check.failures());
    }
    ObjectNode arguments = node.putObject("arguments");
    w.arguments().forEach(a -> arguments.put(a.key(), a.value()));
    node.set("dialects", MAPPER.valueToTree(sorted(w.dialects().byScheduler())));
    ArrayNode depends = node.putArray("depends_on");
    w.dependsOn().forEach(depends::add);
    return node;
  }

  public static ObjectNode gateway(Gateway g) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", g.name());
    node.put("kind", g.kind().name().toLowerCase(java.util.Locale.ROOT));
    node.put("port", g.port());
    node.put("protocol", g.protocol().dsl());
    node.put("sticky", g.sticky().map(s -> s.dsl()).orElse("none"));
    g.deployment().ifPresent(d -> node.put("deployment", d));
    g.selector().ifPresent(s -> node.put("selector", s));
    ArrayNode hosts = node.putArray("virtual_hosts");
    g.virtualHosts().forEach(hosts::add);
    ArrayNode routes = node.putArray("routes");
    for (Route route : g.routes()) {
      ObjectNode r = routes.addObject();
      r.put("name", route.name());
      r.put("target", route.target().toString());
      r.put("weight", route.weight());
      route.condition().ifPresent(c -> r.put("condition", c.render()));
      r.put("condition_strength", route.conditionStrength());
      r.put("balance", route.balance().dsl());
      ArrayNode rewrites = r.putArray("rewrites");
      for (Rewrite rewrite : route.rewrites()) {
        rewrites.add(rewrite.dsl());
      }
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Object sorted(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put((String) k, sorted(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(StateJson::sorted).toList();
    }
    return value == Dialects.NULL ? null : value;
  }
}
