package io.vamp.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for draft-07 JSON Schema nodes, so {@link DslSchema} reads like the DSL it describes. */
final class SchemaNodes {
  private SchemaNodes() {}

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static ObjectNode node() {
    return NODES.objectNode();
  }

  /** {@code {"$ref": "#/definitions/NAME"}}; draft-07 ignores keywords beside {@code $ref}, so it stands alone. */
  static ObjectNode ref(String definition) {
    return node().put("$ref", "#/definitions/" + definition);
  }

  static ObjectNode type(String... types) {
    ObjectNode node = node();
    if (types.length == 1) {
      node.put("type", types[0]);
    } else {
      ArrayNode array = node.putArray("type");
      for (String t : types) {
        array.add(t);
      }
    }
    return node;
  }

  /** A string (or other scalar {@code types}) matching {@code pattern}; the pattern only constrains strings. */
  static ObjectNode pattern(String pattern, String... types) {
    return (types.length == 0 ? type("string") : type(types)).put("pattern", pattern);
  }

  static ObjectNode constant(String value) {
    return node().put("const", value);
  }

  static ObjectNode enumOf(Collection<String> values) {
    ObjectNode node = node();
    ArrayNode array = node.putArray("enum");
    values.forEach(array::add);
    return node;
  }

  static ObjectNode anyOf(JsonNode... alternatives) {
    return combine("anyOf", List.of(alternatives));
  }

  static ObjectNode anyOf(List<? extends JsonNode> alternatives) {
    return combine("anyOf", alternatives);
  }

  private static ObjectNode combine(String keyword, List<? extends JsonNode> parts) {
    ObjectNode node = node();
    ArrayNode array = node.putArray(keyword);
    parts.forEach(array::add);
    return node;
  }

  static ObjectNode required(String... keys) {
    ObjectNode node = node();
    ArrayNode array = node.putArray("required");
    for (String k : keys) {
      array.add(k);
    }
    return node;
  }

  static ObjectNode describe(ObjectNode node, String description) {
    if (node.has("$ref")) {
      throw new IllegalArgumentException("draft-07 ignores keywords beside $ref: wrap it first");
    }
    node.put("description", description);
    return node;
  }

  /**
   * A value the reader compares case-insensitively: the spellings for completion, or any other case of
   * them. {@code trimmed} when the reader trims before comparing.
   */
  static ObjectNode caseInsensitive(List<String> spellings, boolean trimmed) {
    List<String> alternatives = new ArrayList<>();
    for (String spelling : spellings) {
      alternatives.add(anyCase(spelling));
    }
    String space = trimmed ? "\\s*" : "";
    String regex = "^" + space + "(?:" + String.join("|", alternatives) + ")" + space + NamePatterns.END;
    return anyOf(enumOf(spellings), pattern(regex));
  }

  /** {@code http} as {@code [Hh][Tt][Tt][Pp]}; digits, {@code _} and {@code -} as they are, anything else escaped. */
  static String anyCase(String word) {
    StringBuilder out = new StringBuilder();
    for (char c : word.toCharArray()) {
      if (Character.isLetter(c)) {
        out.append('[').append(Character.toUpperCase(c)).append(Character.toLowerCase(c)).append(']');
      } else if (Character.isDigit(c) || c == '_' || c == '-') {
        out.append(c);
      } else {
        out.append('\\').append(c);
      }
    }
    return out.toString();
  }

  /**
   * A map the reader reads strictly: the properties it asks for, in the order it asks, every other key
   * refused ({@code additionalProperties: false}); aliases that may not both be given.
   */
  static final class Strict {
    private final Map<String, JsonNode> properties = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();
    /** Per key, the keys that may not be given with it (aliases of the same value). */
    private final Map<String, List<String>> exclusive = new LinkedHashMap<>();
    /** Per key, what the whole map must meet when the key is given. */
    private final Map<String, JsonNode> conditional = new LinkedHashMap<>();
    private final List<JsonNode> alsoAll = new ArrayList<>();
    private final Map<String, JsonNode> extra = new LinkedHashMap<>();
    private String description;

    Strict describe(String text) {
      this.description = text;
      return this;
    }

    Strict property(String key, JsonNode schema) {
      properties.put(key, schema);
      return this;
    }

    /** {@code key} and its aliases (each read as the same value; giving two of them is a problem). */
    Strict property(String key, JsonNode schema, String... aliases) {
      List<String> names = new ArrayList<>();
      names.add(key);
      names.addAll(List.of(aliases));
      for (String name : names) {
        property(name, schema);
        exclusive.put(name, names.stream().filter(n -> !n.equals(name)).toList());
      }
      return this;
    }

    /** Everything {@code other} allows, added to this map's keys. */
    Strict properties(Strict other) {
      properties.putAll(other.properties);
      exclusive.putAll(other.exclusive);
      conditional.putAll(other.conditional);
      return this;
    }

    Strict require(String... keys) {
      required.addAll(List.of(keys));
      return this;
    }

    /** One more condition the map must meet as a whole. */
    Strict also(JsonNode schema) {
      alsoAll.add(schema);
      return this;
    }

    /** A keyword added as is ({@code minProperties}, ...). */
    Strict with(String keyword, JsonNode value) {
      extra.put(keyword, value);
      return this;
    }

    /** {@code key} may only be given when {@code schema} holds of the whole map (draft-07 {@code dependencies}). */
    Strict when(String key, JsonNode schema) {
      conditional.put(key, schema);
      return this;
    }

    ObjectNode build() {
      ObjectNode node = type("object");
      if (description != null) {
        node.put("description", description);
      }
      ObjectNode props = node.putObject("properties");
      properties.forEach(props::set);
      if (!required.isEmpty()) {
        ArrayNode array = node.putArray("required");
        required.forEach(array::add);
      }
      node.put("additionalProperties", false);
      Map<String, JsonNode> dependencies = new LinkedHashMap<>();
      for (String key : properties.keySet()) {
        List<JsonNode> rules = new ArrayList<>();
        List<String> others = exclusive.getOrDefault(key, List.of());
        if (!others.isEmpty()) {
          rules.add(node().set("not", others.size() == 1 ? required(others.get(0))
              : anyOf(others.stream().map(k -> (JsonNode) required(k)).toList())));
        }
        if (conditional.containsKey(key)) {
          rules.add(conditional.get(key));
        }
        if (rules.size() == 1) {
          dependencies.put(key, rules.get(0));
        } else if (rules.size() > 1) {
          ObjectNode all = node();
          ArrayNode array = all.putArray("allOf");
          rules.forEach(array::add);
          dependencies.put(key, all);
        }
      }
      if (!dependencies.isEmpty()) {
        ObjectNode d = node.putObject("dependencies");
        dependencies.forEach(d::set);
      }
      extra.forEach(node::set);
      if (alsoAll.size() == 1 && alsoAll.get(0).size() == 1 && alsoAll.get(0).has("anyOf")) {
        node.set("anyOf", alsoAll.get(0).get("anyOf"));
      } else if (!alsoAll.isEmpty()) {
        ArrayNode all = node.putArray("allOf");
        alsoAll.forEach(all::add);
      }
      return node;
    }
  }
}
