package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds hand edits of an app: whether the live app still holds everything the driver would apply (the
 * app rendered again from its own {@code VAMP_CONFIG} label). Fields Marathon adds ({@code servicePort},
 * {@code upgradeStrategy}, {@code delaySeconds}, ...) are not edits; numbers compare by value; health
 * checks, constraints and roles compare as sets (Marathon keeps them as sets); an empty list or map
 * applied matches an absent one.
 */
final class AppDrift {
  private static final Set<String> SETS = Set.of("healthChecks", "constraints", "acceptedResourceRoles");

  private AppDrift() {}

  static Optional<String> find(JsonNode expected, JsonNode live) {
    JsonNode want = expected.deepCopy();
    // port 0 asks Marathon to pick a service port, which it then stores in place of the 0
    want.path("portDefinitions").forEach(d -> {
      if (d.path("port").asInt(-1) == 0) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) d).remove("port");
      }
    });
    return compare("", want, live, false);
  }

  private static Optional<String> compare(String path, JsonNode want, JsonNode live, boolean unordered) {
    if (want == null || want.isNull() || want.isMissingNode() || (want.isContainerNode() && want.isEmpty())) {
      return Optional.empty();
    }
    if (live == null || live.isNull() || live.isMissingNode()) {
      return Optional.of(path + ": applied " + shown(path, want) + ", live absent");
    }
    if (want.isObject()) {
      if (!live.isObject()) {
        return differs(path, want, live);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> f = it.next();
        String at = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
        Optional<String> d = compare(at, f.getValue(), live.get(f.getKey()), SETS.contains(f.getKey()));
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (want.isArray()) {
      if (!live.isArray() || live.size() != want.size()) {
        return differs(path, want, live);
      }
      if (unordered) {
        List<JsonNode> left = new ArrayList<>();
        live.forEach(left::add);
        for (JsonNode w : want) {
          Optional<JsonNode> match = left.stream().filter(l -> compare(path, w, l, false).isEmpty()).findFirst();
          if (match.isEmpty()) {
            return differs(path, want, live);
          }
          left.remove(match.get());
        }
        return Optional.empty();
      }
      for (int i = 0; i < want.size(); i++) {
        Optional<String> d = compare(path + "[" + i + "]", want.get(i), live.get(i), false);
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (want.isNumber() && live.isNumber()) {
      return want.decimalValue().compareTo(live.decimalValue()) == 0 ? Optional.empty() : differs(path, want, live);
    }
    return want.asText().equals(live.asText()) && want.isBoolean() == live.isBoolean()
        ? Optional.empty() : differs(path, want, live);
  }

  private static Optional<String> differs(String path, JsonNode want, JsonNode live) {
    return Optional.of(path + ": applied " + shown(path, want) + ", live " + shown(path, live));
  }

  /** Environment values and the configuration label may hold secrets: never shown. */
  private static String shown(String path, JsonNode node) {
    if (path.startsWith("env") || path.contains("VAMP_CONFIG")) {
      return "(not shown)";
    }
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
