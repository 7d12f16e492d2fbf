package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A workload's configuration, everything but its number of instances, as JSON: kept in the app's
 * {@code VAMP_CONFIG} label. Marathon restarts every task when a label changes, so the label must not
 * change on a scale; the driver rebuilds the workload from it with the app's live {@code instances}, and
 * so reports {@link Workload#digest()} without storing it. Dialect values keep their types (text, whole
 * number, decimal, boolean, null), so the rebuilt workload has the same digest.
 */
final class WorkloadCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private WorkloadCodec() {}

  static String encode(Workload w) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("v", 1);
    root.putObject("deployable").put("type", w.deployable().type().name()).put("definition",
        w.deployable().definition());
    ArrayNode ports = root.putArray("ports");
    w.ports().forEach(p -> ports.addArray().add(p.name()).add(p.number()).add(p.protocol().name()));
    ObjectNode env = root.putObject("env");
    w.environment().forEach(env::put);
    root.put("cpu", w.resources().cpu().toString());
    root.put("memoryMb", w.resources().memoryMb());
    ArrayNode checks = root.putArray("healthChecks");
    w.healthChecks().forEach(c -> checks.addArray().add(c.path()).add(c.port()).add(c.protocol())
        .add(c.initialDelay().toString()).add(c.timeout().toString()).add(c.interval().toString()).add(c.failures()));
    ArrayNode arguments = root.putArray("arguments");
    w.arguments().forEach(a -> arguments.addArray().add(a.key()).add(a.value()));
    root.set("dialects", tree(w.dialects().byScheduler()));
    try {
      return MAPPER.writeValueAsString(root);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The workload again, with {@code instances}; empty if the text is not a configuration this driver wrote. */
  static Optional<Workload> decode(WorkloadId id, String text, int instances) {
    try {
      JsonNode root = MAPPER.readTree(text);
      if (root.path("v").asInt() != 1) {
        return Optional.empty();
      }
      JsonNode d = root.get("deployable");
      Deployable deployable = new Deployable(Deployable.Type.valueOf(d.get("type").asText()),
          d.get("definition").asText());
      List<Port> ports = new ArrayList<>();
      root.get("ports").forEach(p -> ports.add(new Port(p.get(0).asText(), p.get(1).asInt(),
          Protocol.valueOf(p.get(2).asText()))));
      TreeMap<String, String> env = new TreeMap<>();
      root.get("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
      Resources resources = new Resources(new BigDecimal(root.get("cpu").asText()), root.get("memoryMb").asLong(),
          instances);
      List<HealthCheck> checks = new ArrayList<>();
      root.get("healthChecks").forEach(c -> checks.add(new HealthCheck(c.get(0).asText(), c.get(1).asText(),
          c.get(2).asText(), Duration.parse(c.get(3).asText()), Duration.parse(c.get(4).asText()),
          Duration.parse(c.get(5).asText()), c.get(6).asInt())));
      List<Argument> arguments = new ArrayList<>();
      root.get("arguments").forEach(a -> arguments.add(new Argument(a.get(0).asText(), a.get(1).asText())));
      Map<String, Map<String, Object>> dialects = new LinkedHashMap<>();
      root.get("dialects").fields().forEachRemaining(e -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = (Map<String, Object>) value(e.getValue());
        dialects.put(e.getKey(), tree);
      });
      return Optional.of(new Workload(id, deployable, ports, env, resources, checks, arguments,
          new Dialects(dialects), List.of()));
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /** A dialect tree as JSON, types kept, map keys sorted (the label must not change when nothing did). */
  static JsonNode tree(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = f.objectNode();
      new TreeMap<String, Object>(stringKeys(map)).forEach((k, v) -> node.set(k, tree(v)));
      return node;
    }
    if (value instanceof List<?> list) {
      ArrayNode node = f.arrayNode();
      list.forEach(v -> node.add(tree(v)));
      return node;
    }
    if (value == null || value == Dialects.NULL) {
      return f.nullNode();
    }
    if (value instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return f.numberNode(((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return f.numberNode(((Number) value).doubleValue());
    }
    if (value instanceof BigDecimal b) {
      return f.numberNode(b);
    }
    return f.textNode(String.valueOf(value));
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static Object value(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), value(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(value(n)));
      return list;
    }
    if (node.isNull()) {
      return Dialects.NULL;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber()) {
      return node.longValue();
    }
    if (node.isFloatingPointNumber()) {
      return node.isBigDecimal() ? node.decimalValue() : node.doubleValue();
    }
    return node.asText();
  }
}
