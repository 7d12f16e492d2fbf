package io.vamp.model.write;

import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Blueprint;
import io.vamp.model.artifact.Breed;
import io.vamp.model.artifact.Cluster;
import io.vamp.model.artifact.ConditionArtifact;
import io.vamp.model.artifact.Constant;
import io.vamp.model.artifact.Dependency;
import io.vamp.model.artifact.Deployment;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.EnvironmentVariable;
import io.vamp.model.artifact.Escalation;
import io.vamp.model.artifact.GatewayArtifact;
import io.vamp.model.artifact.GatewaySpec;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Ref;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.artifact.RouteSpec;
import io.vamp.model.artifact.Scale;
import io.vamp.model.artifact.Service;
import io.vamp.model.artifact.Sla;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes artifacts as canonical DSL YAML: every shorthand expanded ({@code deployable: {type,
 * definition}}, {@code services:} as a list, references as {@code {reference: name}}, defaults
 * written out), keys in a fixed order with {@code kind} and {@code name} first, metadata and dialect
 * keys sorted, every other list and map in the order the artifact holds it (route and service order
 * carry meaning). Reading the text back gives an artifact that writes to the same text.
 */
public final class ArtifactWriter {
  private ArtifactWriter() {}

  /** One artifact as one YAML document (without a {@code ---} line). */
  public static String write(Artifact artifact) {
    return YamlText.document(artifact(artifact));
  }

  /** Several artifacts as one multi-document YAML text, each document starting with {@code ---}. */
  public static String writeAll(List<? extends Artifact> artifacts) {
    StringBuilder out = new StringBuilder();
    for (Artifact artifact : artifacts) {
      out.append("---\n").append(write(artifact));
    }
    return out.toString();
  }

  private static Map<Object, Object> artifact(Artifact artifact) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("kind", artifact.kind().dsl());
    map.put("name", artifact.name());
    metadata(map, artifact.metadata());
    if (artifact instanceof Breed breed) {
      breedBody(map, breed);
    } else if (artifact instanceof Blueprint blueprint) {
      blueprintBody(map, blueprint);
    } else if (artifact instanceof Deployment deployment) {
      deploymentBody(map, deployment);
    } else if (artifact instanceof GatewayArtifact gateway) {
      gatewayBody(map, gateway);
    } else if (artifact instanceof Scale scale) {
      scaleBody(map, scale);
    } else if (artifact instanceof ConditionArtifact condition) {
      map.put("condition", condition.text());
    } else if (artifact instanceof Sla sla) {
      slaBody(map, sla);
    } else if (artifact instanceof Escalation escalation) {
      escalationBody(map, escalation);
    } else {
      throw new IllegalArgumentException("unknown artifact " + artifact.getClass().getName());
    }
    return map;
  }

  // ---------------------------------------------------------------- common

  /** Inline artifacts are written like named ones, without {@code kind}; their name only when they have one. */
  private static Map<Object, Object> inline(String name, Map<String, String> metadata) {
    Map<Object, Object> map = new LinkedHashMap<>();
    if (!name.isEmpty()) {
      map.put("name", name);
    }
    metadata(map, metadata);
    return map;
  }

  private static void metadata(Map<Object, Object> map, Map<String, String> metadata) {
    if (!metadata.isEmpty()) {
      map.put("metadata", new TreeMap<Object, Object>(metadata));
    }
  }

  private static <T> Object ref(Ref<T> ref, Function<T, Map<Object, Object>> inline) {
    if (ref instanceof Ref.Inline<T> value) {
      return inline.apply(value.value());
    }
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("reference", ref.name());
    return map;
  }

  private static void putIfNotEmpty(Map<Object, Object> map, String key, Map<?, ?> value) {
    if (!value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static void putIfNotEmpty(Map<Object, Object> map, String key, List<?> value) {
    if (!value.isEmpty()) {
      map.put(key, value);
    }
  }

  private static String percent(int value) {
    return value + "%";
  }

  private static String megabytes(long value) {
    return value + "MB";
  }

  /** The largest unit the reader knows that states the duration exactly. */
  private static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 1000 != 0) {
      return millis + "ms";
    }
    long seconds = millis / 1000;
    if (seconds != 0 && seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds != 0 && seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  private static Map<Object, Object> environment(List<EnvironmentVariable> variables) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (EnvironmentVariable variable : variables) {
      map.put(variable.dslKey(), variable.value().orElse(null));
    }
    return map;
  }

  private static List<Object> arguments(List<Argument> arguments) {
    List<Object> list = new ArrayList<>();
    for (Argument argument : arguments) {
      Map<Object, Object> item = new LinkedHashMap<>();
      item.put(argument.key(), argument.value());
      list.add(item);
    }
    return list;
  }

  private static void healthChecks(Map<Object, Object> map, Optional<List<HealthCheck>> checks) {
    checks.ifPresent(list -> {
      List<Object> items = new ArrayList<>();
      for (HealthCheck check : list) {
        Map<Object, Object> item = new LinkedHashMap<>();
        item.put("path", check.path());
        item.put("port", check.port());
        item.put("protocol", check.protocol());
        item.put("initial_delay", duration(check.initialDelay()));
        item.put("timeout", duration(check.timeout()));
        item.put("interval", duration(check.interval()));
        item.put("failures", YamlText.number(check.failures()));
        items.add(item);
      }
      map.put("health_checks", items);
    });
  }

  private static void dialects(Map<Object, Object> map, Dialects dialects) {
    if (!dialects.isEmpty()) {
      map.put("dialects", dialectTree(dialects.byScheduler()));
    }
  }

  /** A dialect tree with its map keys sorted: its maps are unordered, like the JSON they become. */
  private static Object dialectTree(Object value) {
    if (value instanceof Map<?, ?> tree) {
      Map<Object, Object> sorted = new TreeMap<>();
      tree.forEach((k, v) -> sorted.put(k, dialectTree(v)));
      return sorted;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ArtifactWriter::dialectTree).toList();
    }
    if (value == Dialects.NULL) {
      return null;
    }
    if (value instanceof Long || value instanceof Integer) {
      return YamlText.number(((Number) value).longValue());
    }
    if (value instanceof Double number) {
      return YamlText.number(number);
    }
    if (value instanceof Boolean bool) {
      return YamlText.bool(bool);
    }
    return value.toString();
  }

  // ---------------------------------------------------------------- breed

  private static Map<Object, Object> inlineBreed(Breed breed) {
    Map<Object, Object> map = inline(breed.name(), breed.metadata());
    breedBody(map, breed);
    return map;
  }

  private static void breedBody(Map<Object, Object> map, Breed breed) {
    Map<Object, Object> deployable = new LinkedHashMap<>();
    deployable.put("type", breed.deployable().type().dsl());
    deployable.put("definition", breed.deployable().definition());
    map.put("deployable", deployable);
    Map<Object, Object> ports = new LinkedHashMap<>();
    for (Port port : breed.ports()) {
      ports.put(port.name(), port.dsl());
    }
    putIfNotEmpty(map, "ports", ports);
    putIfNotEmpty(map, "environment_variables", environment(breed.environmentVariables()));
    Map<Object, Object> constants = new LinkedHashMap<>();
    for (Constant constant : breed.constants()) {
      constants.put(constant.name(), constant.value());
    }
    putIfNotEmpty(map, "constants", constants);
    Map<Object, Object> dependencies = new LinkedHashMap<>();
    for (Dependency dependency : breed.dependencies()) {
      dependencies.put(dependency.alias(), ref(dependency.breed(), ArtifactWriter::inlineBreed));
    }
    putIfNotEmpty(map, "dependencies", dependencies);
    putIfNotEmpty(map, "arguments", arguments(breed.arguments()));
    healthChecks(map, breed.healthChecks());
  }

  // ---------------------------------------------------------------- blueprint and deployment

  private static void blueprintBody(Map<Object, Object> map, Blueprint blueprint) {
    Map<Object, Object> gateways = new LinkedHashMap<>();
    for (GatewaySpec spec : blueprint.gateways()) {
      gateways.put(YamlText.portKey(spec.port().orElseThrow(() ->
          new IllegalArgumentException("an external gateway of blueprint '" + blueprint.name() + "' has no port"))),
          gatewaySpec(spec, true));
    }
    putIfNotEmpty(map, "gateways", gateways);
    putIfNotEmpty(map, "environment_variables", environment(blueprint.environmentVariables()));
    dialects(map, blueprint.dialects());
    Map<Object, Object> clusters = new LinkedHashMap<>();
    for (Cluster cluster : blueprint.clusters()) {
      clusters.put(cluster.name(), cluster(cluster));
    }
    map.put("clusters", clusters);
  }

  private static Map<Object, Object> inlineBlueprint(Blueprint blueprint) {
    Map<Object, Object> map = inline(blueprint.name(), blueprint.metadata());
    blueprintBody(map, blueprint);
    return map;
  }

  private static void deploymentBody(Map<Object, Object> map, Deployment deployment) {
    List<Object> blueprints = new ArrayList<>();
    for (Ref<Blueprint> ref : deployment.blueprints()) {
      blueprints.add(ref(ref, ArtifactWriter::inlineBlueprint));
    }
    putIfNotEmpty(map, "blueprints", blueprints);
    blueprintBody(map, deployment.body());
    if (deployment.body().clusters().isEmpty()) {
      map.remove("clusters");
    }
  }

  private static Map<Object, Object> cluster(Cluster cluster) {
    Map<Object, Object> map = new LinkedHashMap<>();
    // a cluster without services only exists in a deployment's own body (it adjusts merged clusters);
    // an empty 'services' list would be refused, so the key is left out
    if (!cluster.services().isEmpty()) {
      List<Object> services = new ArrayList<>();
      cluster.services().forEach(service -> services.add(service(service)));
      map.put("services", services);
    }
    if (!cluster.gateways().isEmpty()) {
      map.put("gateways", clusterGateways(cluster));
    }
    cluster.sla().ifPresent(sla -> map.put("sla", ref(sla, ArtifactWriter::inlineSla)));
    healthChecks(map, cluster.healthChecks());
    dialects(map, cluster.dialects());
    return map;
  }

  private static Map<Object, Object> service(Service service) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("breed", ref(service.breed(), ArtifactWriter::inlineBreed));
    service.scale().ifPresent(scale -> map.put("scale", ref(scale, ArtifactWriter::inlineScale)));
    putIfNotEmpty(map, "environment_variables", environment(service.environmentVariables()));
    healthChecks(map, service.healthChecks());
    putIfNotEmpty(map, "arguments", arguments(service.arguments()));
    dialects(map, service.dialects());
    return map;
  }

  /**
   * A cluster's gateways: the form for every port ({@code {sticky, routes}}) when its one spec names
   * no port, else one entry per port name. {@code routes} is always written, even empty, because the
   * reader tells the forms apart by it.
   */
  private static Map<Object, Object> clusterGateways(Cluster cluster) {
    List<GatewaySpec> specs = cluster.gateways();
    if (specs.size() == 1 && specs.get(0).port().isEmpty()) {
      return gatewaySpec(specs.get(0), false);
    }
    Map<Object, Object> perPort = new LinkedHashMap<>();
    for (GatewaySpec spec : specs) {
      perPort.put(spec.port().orElseThrow(() -> new IllegalArgumentException("cluster '" + cluster.name()
          + "' mixes a gateway for every port with gateways per port; the DSL cannot say that")),
          gatewaySpec(spec, false));
    }
    return perPort;
  }

  private static Map<Object, Object> gatewaySpec(GatewaySpec spec, boolean external) {
    Map<Object, Object> map = new LinkedHashMap<>();
    spec.sticky().ifPresent(sticky -> map.put("sticky", sticky.dsl()));
    if (external) {
      putIfNotEmpty(map, "virtual_hosts", new ArrayList<Object>(spec.virtualHosts()));
    }
    map.put("routes", routes(spec.routes()));
    return map;
  }

  private static Map<Object, Object> routes(List<RouteSpec> routes) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (RouteSpec route : routes) {
      map.put(route.target(), route(route));
    }
    return map;
  }

  private static Map<Object, Object> route(RouteSpec route) {
    Map<Object, Object> map = new LinkedHashMap<>();
    route.weight().ifPresent(weight -> map.put("weight", percent(weight)));
    route.condition().ifPresent(condition -> map.put("condition", condition(condition)));
    route.conditionStrength().ifPresent(strength -> map.put("condition_strength", percent(strength)));
    if (!route.rewrites().isEmpty()) {
      List<Object> rewrites = new ArrayList<>();
      for (Rewrite rewrite : route.rewrites()) {
        Map<Object, Object> item = new LinkedHashMap<>();
        item.put("path", rewrite.dsl());
        rewrites.add(item);
      }
      map.put("rewrites", rewrites);
    }
    route.balance().ifPresent(balance -> map.put("balance", balance.dsl()));
    return map;
  }

  /**
   * A route's condition: its text when written inline without a name (a plain text there is always a
   * condition, never a name), a {@code {reference: name}} for a named one, else the full map.
   */
  private static Object condition(Ref<ConditionArtifact> ref) {
    if (ref instanceof Ref.Inline<ConditionArtifact> inline) {
      ConditionArtifact condition = inline.value();
      if (condition.name().isEmpty() && condition.metadata().isEmpty()) {
        return condition.text();
      }
      Map<Object, Object> map = inline(condition.name(), condition.metadata());
      map.put("condition", condition.text());
      return map;
    }
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("reference", ref.name());
    return map;
  }

  // ---------------------------------------------------------------- standalone gateway

  private static void gatewayBody(Map<Object, Object> map, GatewayArtifact gateway) {
    GatewaySpec spec = gateway.spec();
    spec.port().ifPresent(port -> map.put("port", port));
    spec.sticky().ifPresent(sticky -> map.put("sticky", sticky.dsl()));
    putIfNotEmpty(map, "virtual_hosts", new ArrayList<Object>(spec.virtualHosts()));
    gateway.selector().ifPresent(selector -> map.put("selector", selector));
    putIfNotEmpty(map, "routes", routes(spec.routes()));
  }

  // ---------------------------------------------------------------- scale, sla, escalation

  private static Map<Object, Object> inlineScale(Scale scale) {
    Map<Object, Object> map = inline(scale.name(), scale.metadata());
    scaleBody(map, scale);
    return map;
  }

  private static void scaleBody(Map<Object, Object> map, Scale scale) {
    map.put("cpu", YamlText.number(scale.cpu()));
    map.put("memory", megabytes(scale.memoryMb()));
    map.put("instances", YamlText.number(scale.instances()));
  }

  private static Map<Object, Object> inlineSla(Sla sla) {
    Map<Object, Object> map = inline(sla.name(), sla.metadata());
    slaBody(map, sla);
    return map;
  }

  private static void slaBody(Map<Object, Object> map, Sla sla) {
    map.put("type", sla.type());
    Map<Object, Object> threshold = new LinkedHashMap<>();
    threshold.put("upper", YamlText.number(sla.upper().toMillis()));
    threshold.put("lower", YamlText.number(sla.lower().toMillis()));
    map.put("threshold", threshold);
    Map<Object, Object> window = new LinkedHashMap<>();
    window.put("interval", duration(sla.interval()));
    window.put("cooldown", duration(sla.cooldown()));
    map.put("window", window);
    putIfNotEmpty(map, "escalations", escalations(sla.escalations()));
  }

  private static List<Object> escalations(List<Ref<Escalation>> escalations) {
    List<Object> list = new ArrayList<>();
    for (Ref<Escalation> ref : escalations) {
      list.add(ref(ref, escalation -> {
        Map<Object, Object> map = inline(escalation.name(), escalation.metadata());
        escalationBody(map, escalation);
        return map;
      }));
    }
    return list;
  }

  private static void escalationBody(Map<Object, Object> map, Escalation escalation) {
    Escalation.Action action = escalation.action();
    if (action instanceof Escalation.ScaleInstances s) {
      scaling(map, "scale_instances", s.target(), YamlText.number(s.minimum()), YamlText.number(s.maximum()),
          YamlText.number(s.scaleBy()));
    } else if (action instanceof Escalation.ScaleCpu s) {
      scaling(map, "scale_cpu", s.target(), YamlText.number(s.minimum()), YamlText.number(s.maximum()),
          YamlText.number(s.scaleBy()));
    } else if (action instanceof Escalation.ScaleMemory s) {
      scaling(map, "scale_memory", s.target(), megabytes(s.minimum()), megabytes(s.maximum()),
          megabytes(s.scaleBy()));
    } else if (action instanceof Escalation.ToAll all) {
      map.put("to_all", group(all.escalations()));
    } else if (action instanceof Escalation.ToOne one) {
      map.put("to_one", group(one.escalations()));
    } else {
      throw new IllegalArgumentException("unknown escalation action " + action.getClass().getName());
    }
  }

  private static void scaling(Map<Object, Object> map, String type, Optional<String> target, Object minimum,
      Object maximum, Object scaleBy) {
    map.put("type", type);
    target.ifPresent(t -> map.put("target", t));
    map.put("minimum", minimum);
    map.put("maximum", maximum);
    map.put("scale_by", scaleBy);
  }

  private static Map<Object, Object> group(List<Ref<Escalation>> escalations) {
    Map<Object, Object> map = new LinkedHashMap<>();
    map.put("escalations", escalations(escalations));
    return map;
  }
}
