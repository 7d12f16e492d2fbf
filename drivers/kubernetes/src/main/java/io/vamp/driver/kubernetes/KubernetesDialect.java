package io.vamp.driver.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.state.WorkloadId;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code kubernetes} dialect of a workload: a strict, documented subset of the pod spec that is
 * merged into what the driver renders. Unknown keys, at any depth, are refused with a
 * {@link DriverException} naming the workload and the path (fabric8's model classes would otherwise
 * keep unknown fields silently in their additional properties).
 */
public record KubernetesDialect(
    Optional<String> serviceAccountName,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Optional<Affinity> affinity,
    List<String> imagePullSecrets,
    Optional<String> priorityClassName,
    Optional<PodSecurityContext> securityContext,
    List<Volume> volumes,
    Optional<Long> terminationGracePeriodSeconds,
    Optional<DeploymentStrategy> strategy,
    Map<String, String> labels,
    Map<String, String> annotations,
    Map<String, Quantity> requests,
    Map<String, Quantity> limits,
    Container container) {

  public static final String NAME = "kubernetes";

  /** The dialect's keys, in the order the README lists them. */
  public static final Set<String> KEYS = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(
      "serviceAccountName", "nodeSelector", "tolerations", "affinity", "imagePullSecrets", "priorityClassName",
      "securityContext", "volumes", "terminationGracePeriodSeconds", "strategy", "labels", "annotations",
      "resources", "container")));
  static final Set<String> CONTAINER_KEYS = Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(
      "image", "imagePullPolicy", "command", "args", "workingDir", "securityContext", "volumeMounts", "env",
      "envFrom")));
  private static final Set<String> RESOURCES_KEYS = Set.of("requests", "limits");

  public static final KubernetesDialect NONE = new KubernetesDialect(Optional.empty(), Map.of(), List.of(),
      Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
      Map.of(), Map.of(), Map.of(), Map.of(), Container.NONE);

  /** Overrides of the workload's container. */
  public record Container(
      Optional<String> image,
      Optional<String> imagePullPolicy,
      Optional<List<String>> command,
      Optional<List<String>> args,
      Optional<String> workingDir,
      Optional<SecurityContext> securityContext,
      List<VolumeMount> volumeMounts,
      List<EnvVar> env,
      List<EnvFromSource> envFrom) {
    static final Container NONE = new Container(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());

    public Container {
      volumeMounts = List.copyOf(volumeMounts);
      env = List.copyOf(env);
      envFrom = List.copyOf(envFrom);
    }
  }

  public KubernetesDialect {
    nodeSelector = Collections.unmodifiableMap(new TreeMap<>(nodeSelector));
    tolerations = List.copyOf(tolerations);
    imagePullSecrets = List.copyOf(imagePullSecrets);
    volumes = List.copyOf(volumes);
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    annotations = Collections.unmodifiableMap(new TreeMap<>(annotations));
    requests = Collections.unmodifiableMap(new TreeMap<>(requests));
    limits = Collections.unmodifiableMap(new TreeMap<>(limits));
  }

  /** Reads the {@code kubernetes} dialect of a workload (none: {@link #NONE}). */
  public static KubernetesDialect of(WorkloadId id, Dialects dialects) {
    Map<String, Object> tree = dialects.byScheduler().get(NAME);
    if (tree == null || tree.isEmpty()) {
      return NONE;
    }
    return new Reader(id).read(json(tree));
  }

  /** A dialect tree (maps, lists, texts, numbers, booleans, {@link Dialects#NULL}) as JSON. */
  static JsonNode json(Object value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value instanceof Map<?, ?> map) {
      ObjectNode node = f.objectNode();
      map.forEach((k, v) -> node.set(String.valueOf(k), json(v)));
      return node;
    }
    if (value instanceof List<?> list) {
      ArrayNode node = f.arrayNode();
      list.forEach(v -> node.add(json(v)));
      return node;
    }
    if (value == null || value == Dialects.NULL) {
      return f.nullNode();
    }
    if (value instanceof Boolean b) {
      return f.booleanNode(b);
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      long n = ((Number) value).longValue();
      // int where it fits: fabric8's IntOrString reads only int nodes as numbers
      return n == (int) n ? f.numberNode((int) n) : f.numberNode(n);
    }
    if (value instanceof BigDecimal d) {
      return f.numberNode(d);
    }
    if (value instanceof Number n) {
      return f.numberNode(new BigDecimal(n.toString()));
    }
    return f.textNode(String.valueOf(value));
  }

  /** Reads with fabric8's model classes, with their catch-all for unknown properties switched off. */
  private static final class Reader {
    private static final ObjectMapper STRICT = new ObjectMapper()
        .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
          private static final long serialVersionUID = 1L;

          @Override
          public Boolean hasAnySetter(Annotated a) {
            return Boolean.FALSE;
          }
        })
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    private final WorkloadId id;

    Reader(WorkloadId id) {
      this.id = id;
    }

    KubernetesDialect read(JsonNode root) {
      checkKeys(root, KEYS, "");
      ObjectNode resources = object(root, "resources");
      if (resources != null) {
        checkKeys(resources, RESOURCES_KEYS, "resources.");
      }
      ObjectNode container = object(root, "container");
      if (container != null) {
        checkKeys(container, CONTAINER_KEYS, "container.");
      }
      Map<String, String> labels = strings(root, "labels");
      labels.keySet().forEach(k -> reserved(k, "labels"));
      labels.forEach((k, v) -> {
        if (!v.equals(Names.labelValue(v))) {
          throw problem("labels." + k, "'" + v + "' is not a valid label value");
        }
      });
      Map<String, String> annotations = strings(root, "annotations");
      annotations.keySet().forEach(k -> reserved(k, "annotations"));
      return new KubernetesDialect(
          text(root, "serviceAccountName"),
          strings(root, "nodeSelector"),
          list(root, "tolerations", Toleration.class),
          typed(root, "affinity", Affinity.class),
          pullSecrets(root.get("imagePullSecrets")),
          text(root, "priorityClassName"),
          typed(root, "securityContext", PodSecurityContext.class),
          list(root, "volumes", Volume.class),
          typed(root, "terminationGracePeriodSeconds", Long.class),
          typed(root, "strategy", DeploymentStrategy.class),
          labels,
          annotations,
          quantities(resources, "requests"),
          quantities(resources, "limits"),
          container == null ? Container.NONE : new Container(
              text(container, "image"),
              text(container, "imagePullPolicy").map(p -> {
                if (!p.matches("Always|IfNotPresent|Never")) {
                  throw problem("container.imagePullPolicy",
                      "expected Always, IfNotPresent or Never, found '" + p + "'");
                }
                return p;
              }),
              optionalList(container, "command"),
              optionalList(container, "args"),
              text(container, "workingDir"),
              typed(container, "securityContext", SecurityContext.class),
              list(container, "volumeMounts", VolumeMount.class),
              list(container, "env", EnvVar.class),
              list(container, "envFrom", EnvFromSource.class)));
    }

    private void reserved(String key, String where) {
      if (key.startsWith("vamp.io/") || key.equals(Marks.MANAGED_BY)) {
        throw problem(where + "." + key, "'" + key + "' is reserved for the driver's own marks");
      }
    }

    private void checkKeys(JsonNode node, Set<String> known, String path) {
      Set<String> unknown = new TreeSet<>();
      node.fieldNames().forEachRemaining(k -> {
        if (!known.contains(k)) {
          unknown.add(k);
        }
      });
      if (!unknown.isEmpty()) {
        throw problem(path + unknown.iterator().next(), "unknown key; known: " + String.join(", ", known));
      }
    }

    private ObjectNode object(JsonNode root, String key) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return null;
      }
      if (!node.isObject()) {
        throw problem(key, "expected a map, found " + node.getNodeType().name().toLowerCase());
      }
      return (ObjectNode) node;
    }

    private Optional<String> text(JsonNode root, String key) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      if (!node.isValueNode() || node.isBoolean()) {
        throw problem(key, "expected a text, found " + node.getNodeType().name().toLowerCase());
      }
      return Optional.of(node.asText());
    }

    private Map<String, String> strings(JsonNode root, String key) {
      ObjectNode node = object(root, key);
      Map<String, String> out = new LinkedHashMap<>();
      if (node != null) {
        node.fields().forEachRemaining(e -> {
          if (!e.getValue().isValueNode() || e.getValue().isNull()) {
            throw problem(key + "." + e.getKey(), "expected a text");
          }
          out.put(e.getKey(), e.getValue().asText());
        });
      }
      return out;
    }

    private Optional<List<String>> optionalList(JsonNode root, String key) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      if (!node.isArray()) {
        throw problem(key, "expected a list of texts");
      }
      List<String> out = new ArrayList<>();
      node.forEach(n -> {
        if (!n.isValueNode() || n.isNull()) {
          throw problem(key, "expected a list of texts");
        }
        out.add(n.asText());
      });
      return Optional.of(out);
    }

    private List<String> pullSecrets(JsonNode node) {
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw problem("imagePullSecrets", "expected a list of secret names");
      }
      List<String> out = new ArrayList<>();
      for (JsonNode n : node) {
        if (n.isTextual()) {
          out.add(n.asText());
        } else if (n.isObject() && n.size() == 1 && n.has("name") && n.get("name").isTextual()) {
          out.add(n.get("name").asText());
        } else {
          throw problem("imagePullSecrets", "expected a secret name or {name: ...}, found " + n);
        }
      }
      return out;
    }

    private Map<String, Quantity> quantities(ObjectNode resources, String key) {
      Map<String, Quantity> out = new TreeMap<>();
      if (resources == null) {
        return out;
      }
      ObjectNode node = object(resources, key);
      if (node == null) {
        return out;
      }
      node.fields().forEachRemaining(e -> {
        String text = e.getValue().asText();
        try {
          Quantity q = new Quantity(text);
          Quantity.getAmountInBytes(q);
          out.put(e.getKey(), q);
        } catch (RuntimeException ex) {
          throw problem("resources." + key + "." + e.getKey(), "'" + text + "' is not a quantity");
        }
      });
      return out;
    }

    private <T> Optional<T> typed(JsonNode root, String key, Class<T> type) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return Optional.empty();
      }
      return Optional.of(convert(node, STRICT.getTypeFactory().constructType(type), key));
    }

    private <T> List<T> list(JsonNode root, String key, Class<T> type) {
      JsonNode node = root.get(key);
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw problem(key, "expected a list");
      }
      return convert(node, STRICT.getTypeFactory().constructCollectionType(List.class, type), key);
    }

    private <T> T convert(JsonNode node, JavaType type, String key) {
      try {
        return STRICT.readerFor(type).readValue(node);
      } catch (UnrecognizedPropertyException e) {
        throw problem(key + path(e), "unknown key '" + e.getPropertyName() + "'; known: "
            + new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf).toList()));
      } catch (JsonMappingException e) {
        throw problem(key + path(e), e.getOriginalMessage());
      } catch (java.io.IOException e) {
        throw problem(key, e.getMessage());
      }
    }

    private static String path(JsonMappingException e) {
      StringBuilder out = new StringBuilder();
      for (JsonMappingException.Reference ref : e.getPath()) {
        if (ref.getFieldName() != null) {
          out.append('.').append(ref.getFieldName());
        } else if (ref.getIndex() >= 0) {
          out.append('[').append(ref.getIndex()).append(']');
        }
      }
      return out.toString();
    }

    private DriverException problem(String path, String message) {
      return new DriverException("workload " + id + ": kubernetes dialect: " + path + ": " + message, false);
    }
  }
}
