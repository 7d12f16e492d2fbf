package io.vamp.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.yaml.YNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * A YAML document as the JSON a schema validator sees, typed the way the model's reader types it
 * (SnakeYAML's YAML 1.1 core types): numbers and booleans as JSON numbers and booleans, everything
 * else as text. A number the reader would not parse ({@code 0x1F}, {@code 1:20}) stays text.
 */
public final class YamlJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private YamlJson() {}

  public static JsonNode toJson(YNode node) {
    if (node instanceof YNode.Mapping mapping) {
      ObjectNode object = NODES.objectNode();
      mapping.entries().forEach(entry -> object.set(entry.key().value(), toJson(entry.value())));
      return object;
    }
    if (node instanceof YNode.Sequence sequence) {
      ArrayNode array = NODES.arrayNode();
      sequence.items().forEach(item -> array.add(toJson(item)));
      return array;
    }
    if (node instanceof YNode.Scalar scalar) {
      return scalar(scalar);
    }
    return NODES.nullNode();
  }

  private static JsonNode scalar(YNode.Scalar scalar) {
    String text = scalar.value();
    String digits = text.replace("_", "");
    try {
      switch (scalar.type()) {
        case INT:
          return NODES.numberNode(new BigInteger(digits));
        case FLOAT:
          return NODES.numberNode(new BigDecimal(digits));
        case BOOL:
          String lower = text.toLowerCase(Locale.ROOT);
          return NODES.booleanNode(lower.equals("true") || lower.equals("yes") || lower.equals("on"));
        default:
          return NODES.textNode(text);
      }
    } catch (NumberFormatException e) {
      return NODES.textNode(text);
    }
  }
}
