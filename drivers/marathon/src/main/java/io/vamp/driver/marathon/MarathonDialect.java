package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.state.WorkloadId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code marathon} dialect of a workload: a strict, documented subset of Marathon's app definition,
 * checked against a small schema (unknown keys and wrong shapes are refused with a {@link DriverException}
 * naming the workload and the path) and then merged into the app the driver renders ({@link AppRenderer}).
 */
final class MarathonDialect {
  static final String NAME = "marathon";

  private sealed interface Schema permits Obj, ListOf, MapOfText, Text, Num, Bool, Tuple {}

  private record Obj(Map<String, Schema> fields) implements Schema {}

  private record ListOf(Schema item) implements Schema {}

  private record MapOfText() implements Schema {}

  private record Text() implements Schema {}

  private record Num() implements Schema {}

  private record Bool() implements Schema {}

  /** A list of texts of a bounded length (constraints: field, operator[, value]). */
  private record Tuple(int min, int max) implements Schema {}

  private static final Schema TEXT = new Text();
  private static final Schema NUM = new Num();
  private static final Schema BOOL = new Bool();

  static final Obj SCHEMA = new Obj(ordered(
      "cmd", TEXT,
      "args", new ListOf(TEXT),
      "uris", new ListOf(TEXT),
      "fetch", new ListOf(new Obj(ordered("uri", TEXT, "executable", BOOL, "extract", BOOL, "cache", BOOL,
          "outputFile", TEXT))),
      "labels", new MapOfText(),
      "env", new MapOfText(),
      "constraints", new ListOf(new Tuple(2, 3)),
      "acceptedResourceRoles", new ListOf(TEXT),
      "user", TEXT,
      "disk", NUM,
      "gpus", NUM,
      "container", new Obj(ordered(
          "docker", new Obj(ordered("forcePullImage", BOOL, "privileged", BOOL,
              "parameters", new ListOf(new Obj(ordered("key", TEXT, "value", TEXT))))),
          "volumes", new ListOf(new Obj(ordered("containerPath", TEXT, "hostPath", TEXT, "mode", TEXT,
              "persistent", new Obj(ordered("size", NUM, "type", TEXT)),
              "external", new Obj(ordered("name", TEXT, "provider", TEXT, "size", NUM,
                  "options", new MapOfText()))))))),
      "upgradeStrategy", new Obj(ordered("minimumHealthCapacity", NUM, "maximumOverCapacity", NUM)),
      "backoffSeconds", NUM,
      "backoffFactor", NUM,
      "maxLaunchDelaySeconds", NUM,
      "taskKillGracePeriodSeconds", NUM,
      "networks", new ListOf(new Obj(ordered("mode", TEXT, "name", TEXT, "labels", new MapOfText()))),
      "requirePorts", BOOL));

  private MarathonDialect() {}

  /** The checked dialect as JSON (an empty object when there is none). */
  static ObjectNode of(WorkloadId id, Dialects dialects) {
    Map<String, Object> tree = dialects.byScheduler().get(NAME);
    if (tree == null) {
      return WorkloadCodec.tree(Map.of()).deepCopy();
    }
    ObjectNode json = (ObjectNode) WorkloadCodec.tree(tree);
    check(id, json, SCHEMA, "");
    json.path("labels").fieldNames().forEachRemaining(k -> {
      if (k.startsWith("VAMP_")) {
        throw problem(id, "labels." + k, "labels starting with VAMP_ are the driver's own marks");
      }
    });
    return json;
  }

  private static void check(WorkloadId id, JsonNode node, Schema schema, String path) {
    if (schema instanceof Obj obj) {
      if (!node.isObject()) {
        throw problem(id, path, "expected a map, found " + kind(node));
      }
      node.fields().forEachRemaining(e -> {
        String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        Schema field = obj.fields().get(e.getKey());
        if (field == null) {
          throw problem(id, at, "unknown key; known here: " + String.join(", ", obj.fields().keySet()));
        }
        check(id, e.getValue(), field, at);
      });
    } else if (schema instanceof ListOf list) {
      if (!node.isArray()) {
        throw problem(id, path, "expected a list, found " + kind(node));
      }
      for (int i = 0; i < node.size(); i++) {
        check(id, node.get(i), list.item(), path + "[" + i + "]");
      }
    } else if (schema instanceof MapOfText) {
      if (!node.isObject()) {
        throw problem(id, path, "expected a map of texts, found " + kind(node));
      }
      node.fields().forEachRemaining(e -> {
        if (!e.getValue().isValueNode() || e.getValue().isNull()) {
          throw problem(id, path + "." + e.getKey(), "expected a text, found " + kind(e.getValue()));
        }
      });
    } else if (schema instanceof Text) {
      if (!node.isValueNode() || node.isNull()) {
        throw problem(id, path, "expected a text, found " + kind(node));
      }
    } else if (schema instanceof Num) {
      if (!node.isNumber()) {
        throw problem(id, path, "expected a number, found " + kind(node));
      }
    } else if (schema instanceof Bool) {
      if (!node.isBoolean()) {
        throw problem(id, path, "expected true or false, found " + kind(node));
      }
    } else if (schema instanceof Tuple tuple) {
      if (!node.isArray() || node.size() < tuple.min() || node.size() > tuple.max()) {
        throw problem(id, path, "expected a list of " + tuple.min() + " to " + tuple.max()
            + " texts (field, operator, value), found " + node);
      }
      node.forEach(n -> {
        if (!n.isValueNode() || n.isNull()) {
          throw problem(id, path, "expected texts, found " + kind(n));
        }
      });
    }
  }

  /** The dialect's top-level keys, as the README lists them. */
  static List<String> keys() {
    return List.copyOf(SCHEMA.fields().keySet());
  }

  static TreeSet<String> nested(String key) {
    Schema s = SCHEMA.fields().get(key);
    return s instanceof Obj o ? new TreeSet<>(o.fields().keySet()) : new TreeSet<>();
  }

  private static String kind(JsonNode node) {
    return node.isNull() ? "null" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static Map<String, Schema> ordered(Object... pairs) {
    Map<String, Schema> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put((String) pairs[i], (Schema) pairs[i + 1]);
    }
    return out;
  }

  static DriverException problem(WorkloadId id, String path, String message) {
    return new DriverException("workload " + id + ": marathon dialect: " + path + ": " + message, false);
  }
}
