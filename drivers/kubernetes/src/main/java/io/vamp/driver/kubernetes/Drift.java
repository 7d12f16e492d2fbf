package io.vamp.driver.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Finds hand edits: whether the live spec still holds everything the driver applied. Like kubectl's
 * last-applied comparison, fields the API server or another controller added are not edits, so the
 * check works against a real API server that fills in defaults. Quantities compare by amount
 * ({@code 1Gi} = {@code 1024Mi}), numbers by value; an empty list or map applied matches an absent one.
 */
final class Drift {
  private Drift() {}

  /**
   * The first difference, as {@code path: applied X, live Y}; empty when the live spec holds what was applied.
   *
   * @param applied the JSON the driver applied ({@link Marks#APPLIED})
   * @param liveSpec the live object's spec
   * @param ignoreReplicas whether {@code replicas} belongs to an autoscaler
   */
  static Optional<String> find(String applied, Object liveSpec, boolean ignoreReplicas) {
    JsonNode want;
    try {
      want = Serialization.jsonMapper().readTree(applied);
    } catch (JsonProcessingException e) {
      return Optional.of("the " + Marks.APPLIED + " annotation is not JSON");
    }
    JsonNode live = Serialization.jsonMapper().valueToTree(liveSpec);
    if (ignoreReplicas && want.isObject()) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) want).remove("replicas");
    }
    return compare("spec", want, live, false);
  }

  private static Optional<String> compare(String path, JsonNode want, JsonNode live, boolean quantity) {
    if (want == null || want.isNull() || want.isMissingNode()
        || (want.isContainerNode() && want.isEmpty())) {
      return Optional.empty();
    }
    if (live == null || live.isNull() || live.isMissingNode()) {
      return Optional.of(path + ": applied " + (path.contains(".env") ? "a value" : shorten(want)) + ", live absent");
    }
    if (want.isObject()) {
      if (!live.isObject()) {
        return differs(path, want, live);
      }
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        boolean quantities = path.endsWith(".resources.requests") || path.endsWith(".resources.limits");
        Optional<String> d = compare(path + "." + field.getKey(), field.getValue(), live.get(field.getKey()),
            quantities);
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
      for (int i = 0; i < want.size(); i++) {
        Optional<String> d = compare(path + "[" + i + "]", want.get(i), live.get(i), false);
        if (d.isPresent()) {
          return d;
        }
      }
      return Optional.empty();
    }
    if (quantity) {
      try {
        BigDecimal a = Quantity.getAmountInBytes(new Quantity(want.asText()));
        BigDecimal b = Quantity.getAmountInBytes(new Quantity(live.asText()));
        return a.compareTo(b) == 0 ? Optional.empty() : differs(path, want, live);
      } catch (RuntimeException e) {
        return differs(path, want, live);
      }
    }
    if (want.isNumber() && live.isNumber()) {
      return want.decimalValue().compareTo(live.decimalValue()) == 0 ? Optional.empty() : differs(path, want, live);
    }
    return want.asText().equals(live.asText()) && want.isBoolean() == live.isBoolean()
        ? Optional.empty() : differs(path, want, live);
  }

  private static Optional<String> differs(String path, JsonNode want, JsonNode live) {
    if (path.contains(".env")) {
      return Optional.of(path + ": differs (values not shown: they may be secrets)");
    }
    return Optional.of(path + ": applied " + shorten(want) + ", live " + shorten(live));
  }

  private static String shorten(JsonNode node) {
    String text = node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }
}
