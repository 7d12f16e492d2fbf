package io.vamp.model.read;

import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Blueprint;
import io.vamp.model.artifact.Breed;
import io.vamp.model.artifact.Cluster;
import io.vamp.model.artifact.ConditionArtifact;
import io.vamp.model.artifact.Constant;
import io.vamp.model.artifact.Dependency;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Deployment;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.EnvironmentVariable;
import io.vamp.model.artifact.Escalation;
import io.vamp.model.artifact.GatewayArtifact;
import io.vamp.model.artifact.GatewaySpec;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Kind;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Ref;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.artifact.RouteSpec;
import io.vamp.model.artifact.Scale;
import io.vamp.model.artifact.Service;
import io.vamp.model.artifact.Sla;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.condition.ConditionError;
import io.vamp.model.condition.ConditionParseResult;
import io.vamp.model.condition.ConditionParser;
import io.vamp.model.problem.Position;
import io.vamp.model.problem.Problems;
import io.vamp.model.selector.SelectorError;
import io.vamp.model.selector.SelectorParseResult;
import io.vamp.model.selector.SelectorParser;
import io.vamp.model.yaml.YNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one YAML document into an artifact, strictly: every key must be known, every value of the
 * right shape and every name safe. Problems are collected, never thrown; a document with problems
 * yields no artifact.
 */
public final class ArtifactReader {
  /** Schedulers whose dialect may be written directly on a service or cluster ({@code marathon: {...}}). */
  public static final List<String> DIALECT_NAMES = List.of("marathon", "kubernetes", "docker", "local");

  private static final Pattern PORT_SPEC = Pattern.compile("(\\d{1,5})?(?:/([A-Za-z]+))?");
  private static final Pattern EXTERNAL_TARGET = Pattern.compile("\\[([^\\[\\]]+):(\\d{1,5})]");
  /** Rewrites are HAProxy text: a conservative character set, one line, no comments. */
  private static final Pattern REWRITE_TEXT = Pattern.compile("[A-Za-z0-9 _.,:;/%\\[\\](){}'\"=<>!*+?^$|~&@-]+");
  private static final Pattern REWRITE = Pattern.compile("(.+?)\\s+if\\s+(.+)");

  private final Problems problems;
  private final Values values;
  private final String file;

  public ArtifactReader(String file, Problems problems) {
    this.file = file;
    this.problems = problems;
    this.values = new Values(problems);
  }

  /**
   * Reads a document whose kind is given by its {@code kind:} key or, failing that, by the folder it is in.
   */
  public Optional<Artifact> read(YNode document, Optional<Kind> folderKind) {
    int before = problems.size();
    Optional<YNode.Mapping> mapping = values.map(document, "");
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    StrictMap map = new StrictMap(mapping.get(), "", problems);
    Optional<Kind> kind = map.take("kind").flatMap(node -> values.required(node, "kind").flatMap(text -> {
      Optional<Kind> parsed = Kind.parse(text);
      if (parsed.isEmpty()) {
        problems.add(node.position(), "kind", "unknown kind '" + Names.printable(text) + "'; known kinds: "
            + Kind.known());
      }
      return parsed;
    }));
    if (kind.isEmpty() && !map.has("kind")) {
      kind = folderKind;
      if (kind.isEmpty()) {
        problems.add(document.position(), "kind", "no 'kind' and not in a folder that implies one ("
            + String.join(", ", java.util.Arrays.stream(Kind.values()).map(k -> k.folder() + "/").toList())
            + "): add 'kind: breed', 'kind: deployment', ...");
        return Optional.empty();
      }
    }
    if (kind.isEmpty()) {
      return Optional.empty();
    }
    Optional<? extends Artifact> artifact = switch (kind.get()) {
      case BREED -> breed(map, true);
      case BLUEPRINT -> blueprint(map);
      case DEPLOYMENT -> deployment(map);
      case GATEWAY -> gateway(map);
      case SCALE -> scale(map, true);
      case CONDITION -> condition(map, true);
      case SLA -> sla(map, true);
      case ESCALATION -> escalation(map, true);
    };
    map.finish();
    return problems.size() == before ? artifact.map(a -> (Artifact) a) : Optional.empty();
  }

  // ---------------------------------------------------------------- common

  private Optional<String> name(StrictMap map, boolean required) {
    Optional<YNode> node = map.take("name");
    if (node.isEmpty()) {
      if (required) {
        problems.add(map.node().position(), map.path("name"), "missing 'name'");
      }
      return Optional.empty();
    }
    return values.required(node.get(), map.path("name")).flatMap(name -> checked(Names.artifact(name),
        node.get(), map.path("name"), name));
  }

  private <T> Optional<T> checked(Optional<String> refusal, YNode node, String path, T value) {
    if (refusal.isPresent()) {
      problems.add(node.position(), path, refusal.get());
      return Optional.empty();
    }
    return Optional.of(value);
  }

  private Map<String, String> metadata(StrictMap map) {
    Map<String, String> metadata = new LinkedHashMap<>();
    map.take("metadata").flatMap(node -> values.map(node, map.path("metadata"))).ifPresent(m -> {
      for (YNode.Entry entry : m.entries()) {
        String key = entry.key().value();
        String path = map.path("metadata") + "." + key;
        Names.metadataKey(key).ifPresent(reason -> problems.add(entry.key().position(), path, reason));
        values.text(entry.value(), path).ifPresent(v -> metadata.put(key, v));
      }
    });
    return metadata;
  }

  private static String index(String path, int i) {
    return path + "[" + i + "]";
  }

  /** A map, or for {@code single} shorthand forms a list of maps: each item read by {@code reader}. */
  private <T> List<T> listOrSingle(YNode node, String path, BiFunction<YNode, String, Optional<T>> reader) {
    List<T> items = new ArrayList<>();
    if (node instanceof YNode.Sequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        reader.apply(seq.items().get(i), index(path, i)).ifPresent(items::add);
      }
    } else if (!(node instanceof YNode.Null)) {
      reader.apply(node, path).ifPresent(items::add);
    }
    return items;
  }

  /** {@code ref:} / {@code reference:} in a map, if that is all the map holds. */
  private Optional<Ref.Named<Object>> reference(YNode.Mapping mapping, String path) {
    StrictMap map = new StrictMap(mapping, path, problems);
    if (!map.has("ref") && !map.has("reference")) {
      return Optional.empty();
    }
    Optional<YNode> node = map.take("reference", "ref");
    map.finish();
    return node.flatMap(n -> values.required(n, map.path("reference")).flatMap(name ->
        checked(Names.artifact(name.endsWith("*") ? name.substring(0, name.length() - 1) + "x" : name), n,
            map.path("reference"), new Ref.Named<>(name, n.position()))));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private <T> Optional<Ref<T>> refOrInline(YNode node, String path, BiFunction<StrictMap, Boolean, Optional<T>> inline,
      java.util.function.Function<T, String> nameOf) {
    if (node instanceof YNode.Scalar) {
      return values.required(node, path).flatMap(name -> checked(Names.artifact(stripWildcard(name)), node, path,
          (Ref<T>) new Ref.Named<T>(name, node.position())));
    }
    Optional<YNode.Mapping> mapping = values.map(node, path);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    if (mapping.get().entries().stream().anyMatch(e -> e.key().value().equals("ref")
        || e.key().value().equals("reference"))) {
      return reference(mapping.get(), path).map(r -> (Ref<T>) (Ref) r);
    }
    StrictMap map = new StrictMap(mapping.get(), path, problems);
    Optional<T> value = inline.apply(map, false);
    map.finish();
    return value.map(v -> new Ref.Inline<>(v, nameOf.apply(v), node.position()));
  }

  private static String stripWildcard(String name) {
    return name.endsWith("*") && name.length() > 1 ? name.substring(0, name.length() - 1) : name;
  }

  // ---------------------------------------------------------------- breed

  private Optional<Breed> breed(StrictMap map, boolean topLevel) {
    Optional<String> name = name(map, true);
    Map<String, String> metadata = metadata(map);
    Optional<Deployable> deployable = map.take("deployable")
        .flatMap(node -> deployable(node, map.path("deployable")));
    if (!map.has("deployable")) {
      problems.add(map.node().position(), map.path("deployable"), "missing 'deployable'");
    }
    List<Port> ports = map.take("ports").map(node -> ports(node, map.path("ports"))).orElse(List.of());
    List<EnvironmentVariable> env = map.take("environment_variables", "env")
        .map(node -> environment(node, map.path("environment_variables"), false)).orElse(List.of());
    List<Constant> constants = map.take("constants").map(node -> constants(node, map.path("constants")))
        .orElse(List.of());
    List<Dependency> dependencies = map.take("dependencies")
        .map(node -> dependencies(node, map.path("dependencies"))).orElse(List.of());
    List<Argument> arguments = map.take("arguments").map(node -> arguments(node, map.path("arguments")))
        .orElse(List.of());
    Optional<List<HealthCheck>> health = map.take("health_checks", "healthchecks")
        .map(node -> healthChecks(node, map.path("health_checks")));
    checkUnique(ports.stream().map(Port::name).toList(), map, "ports", "port");
    checkUnique(constants.stream().map(Constant::name).toList(), map, "constants", "constant");
    if (name.isEmpty() || deployable.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Breed(name.get(), metadata, deployable.get(), ports, env, constants, dependencies,
        arguments, health, map.node().position()));
  }

  private void checkUnique(List<String> names, StrictMap map, String key, String what) {
    Set<String> seen = new HashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        problems.add(map.node().position(), map.path(key), "duplicate " + what + " '" + n + "'");
      }
    }
  }

  private Optional<Deployable> deployable(YNode node, String path) {
    if (node instanceof YNode.Scalar) {
      return values.required(node, path).map(d -> new Deployable(Deployable.Type.DOCKER, d));
    }
    return values.map(node, path).flatMap(mapping -> {
      StrictMap map = new StrictMap(mapping, path, problems);
      Optional<Deployable.Type> type = map.take("type").flatMap(n -> values.required(n, map.path("type"))
          .flatMap(t -> {
            Optional<Deployable.Type> parsed = Deployable.Type.parse(t);
            if (parsed.isEmpty()) {
              problems.add(n.position(), map.path("type"), "unknown deployable type '" + Names.printable(t)
                  + "'; known types: " + Deployable.Type.known() + " (and their short forms docker, cmd)");
            }
            return parsed;
          }));
      boolean typeGiven = map.has("type");
      Optional<String> definition = map.take("definition").flatMap(n -> values.text(n, map.path("definition")));
      if (!map.has("definition")) {
        problems.add(mapping.position(), map.path("definition"), "missing 'definition'");
      } else if (definition.isPresent() && definition.get().isBlank()) {
        problems.add(mapping.position(), map.path("definition"), "must not be empty");
        definition = Optional.empty();
      }
      map.finish();
      if (definition.isEmpty() || (typeGiven && type.isEmpty())) {
        return Optional.empty();
      }
      return Optional.of(new Deployable(type.orElse(Deployable.Type.DOCKER), definition.get()));
    });
  }

  private List<Port> ports(YNode node, String path) {
    List<Port> ports = new ArrayList<>();
    if (node instanceof YNode.Scalar) {
      port("port", node, path).ifPresent(ports::add);
      return ports;
    }
    values.map(node, path).ifPresent(mapping -> {
      for (YNode.Entry entry : mapping.entries()) {
        String name = entry.key().value();
        String entryPath = path + "." + name;
        Names.trait("port", name).ifPresentOrElse(
            reason -> problems.add(entry.key().position(), entryPath, reason),
            () -> port(name, entry.value(), entryPath).ifPresent(ports::add));
      }
    });
    return ports;
  }

  private Optional<Port> port(String name, YNode node, String path) {
    Optional<PortSpec> spec = portSpec(node, path);
    if (spec.isEmpty()) {
      return Optional.empty();
    }
    if (spec.get().number().isEmpty()) {
      problems.add(node.position(), path, "a breed port needs a number, e.g. 8080/http");
      return Optional.empty();
    }
    return Optional.of(new Port(name, spec.get().number().get(), spec.get().protocol().orElse(Protocol.HTTP)));
  }

  /** A port as written: {@code 8080}, {@code 8080/http}, {@code 9023/tcp}, {@code /http}. */
  record PortSpec(Optional<Integer> number, Optional<Protocol> protocol) {}

  private Optional<PortSpec> portSpec(YNode node, String path) {
    Optional<String> text = values.line(node, path);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = PORT_SPEC.matcher(text.get().trim());
    if (!m.matches() || (m.group(1) == null && m.group(2) == null)) {
      problems.add(node.position(), path, "expected a port such as 8080/http or 9023/tcp, found '"
          + Names.printable(text.get()) + "'");
      return Optional.empty();
    }
    Optional<Integer> number = Optional.ofNullable(m.group(1)).map(Integer::parseInt);
    if (number.isPresent() && (number.get() < 1 || number.get() > 65535)) {
      problems.add(node.position(), path, "port number must be between 1 and 65535, found " + number.get());
      return Optional.empty();
    }
    Optional<Protocol> protocol = Optional.empty();
    if (m.group(2) != null) {
      protocol = Protocol.parse(m.group(2));
      if (protocol.isEmpty()) {
        problems.add(node.position(), path, "unknown protocol '" + m.group(2) + "': use http or tcp");
        return Optional.empty();
      }
    }
    return Optional.of(new PortSpec(number, protocol));
  }

  private static final Pattern ENV_KEY = Pattern.compile("(?:([^.\\[\\]]+)\\.)?([^.\\[\\]]+)(?:\\[([^\\[\\]]*)])?");

  /** Environment variables; {@code scoped} allows the {@code cluster.NAME} form (a blueprint's top level). */
  private List<EnvironmentVariable> environment(YNode node, String path, boolean scoped) {
    List<EnvironmentVariable> variables = new ArrayList<>();
    values.map(node, path).ifPresent(mapping -> {
      for (YNode.Entry entry : mapping.entries()) {
        String key = entry.key().value();
        String entryPath = path + "." + key;
        Matcher m = ENV_KEY.matcher(key);
        if (!m.matches()) {
          problems.add(entry.key().position(), entryPath, "'" + Names.printable(key)
              + "' is not an environment variable key: NAME, NAME[ALIAS]" + (scoped ? " or cluster.NAME" : ""));
          continue;
        }
        Optional<String> cluster = Optional.ofNullable(m.group(1));
        if (cluster.isPresent() && !scoped) {
          problems.add(entry.key().position(), entryPath, "'" + key + "': the cluster.NAME form belongs in a"
              + " blueprint's top-level environment_variables");
          continue;
        }
        Optional<String> refusal = cluster.flatMap(Names::cluster)
            .or(() -> Names.environmentVariable(m.group(2)))
            .or(() -> Optional.ofNullable(m.group(3)).flatMap(Names::environmentVariable));
        if (refusal.isPresent()) {
          problems.add(entry.key().position(), entryPath, refusal.get());
          continue;
        }
        Optional<String> value = entry.value() instanceof YNode.Null ? Optional.empty()
            : values.text(entry.value(), entryPath);
        if (!(entry.value() instanceof YNode.Null) && value.isEmpty()) {
          continue;
        }
        variables.add(new EnvironmentVariable(cluster, m.group(2), Optional.ofNullable(m.group(3)), value,
            entry.key().position()));
      }
    });
    return variables;
  }

  private List<Constant> constants(YNode node, String path) {
    List<Constant> constants = new ArrayList<>();
    values.map(node, path).ifPresent(mapping -> {
      for (YNode.Entry entry : mapping.entries()) {
        String name = entry.key().value();
        String entryPath = path + "." + name;
        Optional<String> refusal = Names.trait("constant", name);
        if (refusal.isPresent()) {
          problems.add(entry.key().position(), entryPath, refusal.get());
        } else if (entry.value() instanceof YNode.Null) {
          problems.add(entry.value().position(), entryPath, "a constant needs a value");
        } else {
          values.text(entry.value(), entryPath).ifPresent(v ->
              constants.add(new Constant(name, v, entry.key().position())));
        }
      }
    });
    return constants;
  }

  private List<Dependency> dependencies(YNode node, String path) {
    List<Dependency> dependencies = new ArrayList<>();
    values.map(node, path).ifPresent(mapping -> {
      for (YNode.Entry entry : mapping.entries()) {
        String alias = entry.key().value();
        String entryPath = path + "." + alias;
        Optional<String> refusal = Names.cluster(alias);
        if (refusal.isPresent()) {
          problems.add(entry.key().position(), entryPath, refusal.get().replace("cluster name", "dependency alias"));
          continue;
        }
        this.<Breed>refOrInline(entry.value(), entryPath, this::breed, Breed::name)
            .ifPresent(ref -> dependencies.add(new Dependency(alias, ref, entry.key().position())));
      }
    });
    return dependencies;
  }

  private List<Argument> arguments(YNode node, String path) {
    List<Argument> arguments = new ArrayList<>();
    BiFunction<YNode.Entry, String, Void> add = (entry, entryPath) -> {
      String key = entry.key().value();
      Names.trait("argument", key).ifPresentOrElse(
          reason -> problems.add(entry.key().position(), entryPath, reason),
          () -> values.line(entry.value(), entryPath).ifPresent(v -> arguments.add(new Argument(key, v))));
      return null;
    };
    if (node instanceof YNode.Sequence seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        String itemPath = index(path, i);
        values.map(seq.items().get(i), itemPath).ifPresent(m -> {
          if (m.entries().size() != 1) {
            problems.add(m.position(), itemPath, "each argument is one 'key: value'");
          }
          m.entries().forEach(e -> add.apply(e, itemPath + "." + e.key().value()));
        });
      }
    } else {
      values.map(node, path).ifPresent(m -> m.entries().forEach(e -> add.apply(e, path + "." + e.key().value())));
    }
    return arguments;
  }

  private List<HealthCheck> healthChecks(YNode node, String path) {
    return listOrSingle(node, path, this::healthCheck);
  }

  private Optional<HealthCheck> healthCheck(YNode node, String path) {
    return values.map(node, path).flatMap(mapping -> {
      StrictMap map = new StrictMap(mapping, path, problems);
      int before = problems.size();
      String checkPath = map.take("path").flatMap(n -> values.required(n, map.path("path")).flatMap(p -> {
        if (!p.startsWith("/") || p.contains(" ")) {
          problems.add(n.position(), map.path("path"), "a health check path starts with / and has no spaces");
          return Optional.empty();
        }
        return Optional.of(p);
      })).orElse("/");
      Optional<String> port = map.take("port").flatMap(n -> values.required(n, map.path("port")));
      if (!map.has("port")) {
        problems.add(mapping.position(), map.path("port"), "missing 'port': the name of a breed port");
      }
      String protocol = map.take("protocol").flatMap(n -> values.required(n, map.path("protocol")).flatMap(p -> {
        String upper = p.toUpperCase(java.util.Locale.ROOT);
        if (!upper.equals("HTTP") && !upper.equals("HTTPS")) {
          problems.add(n.position(), map.path("protocol"), "a health check protocol is HTTP or HTTPS");
          return Optional.empty();
        }
        return Optional.of(upper);
      })).orElse("HTTP");
      Duration initialDelay = map.take("initial_delay").flatMap(n -> values.duration(n, map.path("initial_delay")))
          .orElse(HealthCheck.DEFAULT_INITIAL_DELAY);
      Duration timeout = map.take("timeout").flatMap(n -> values.duration(n, map.path("timeout")))
          .orElse(HealthCheck.DEFAULT_TIMEOUT);
      Duration interval = map.take("interval").flatMap(n -> values.duration(n, map.path("interval")))
          .orElse(HealthCheck.DEFAULT_INTERVAL);
      int failures = map.take("failures").flatMap(n -> values.integer(n, map.path("failures"), 1, 1000))
          .orElse(HealthCheck.DEFAULT_FAILURES);
      map.finish();
      if (problems.size() != before || port.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(new HealthCheck(checkPath, port.get(), protocol, initialDelay, timeout, interval, failures));
    });
  }

  // ---------------------------------------------------------------- scale, condition, sla, escalation

  private Optional<Scale> scale(StrictMap map, boolean topLevel) {
    Optional<String> name = name(map, topLevel);
    Map<String, String> metadata = metadata(map);
    int before = problems.size();
    BigDecimal cpu = map.take("cpu").flatMap(n -> values.cpu(n, map.path("cpu"))).orElse(BigDecimal.ZERO);
    long memory = map.take("memory").flatMap(n -> values.memoryMb(n, map.path("memory"))).orElse(0L);
    int instances = map.take("instances").flatMap(n -> values.integer(n, map.path("instances"), 0, 10_000))
        .orElse(1);
    if (!map.has("cpu") && !map.has("memory") && !map.has("instances")) {
      problems.add(map.node().position(), map.path(""), "a scale sets at least one of cpu, memory, instances");
    }
    if (problems.size() != before || (topLevel && name.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new Scale(name.orElse(""), metadata, cpu, memory, instances, map.node().position()));
  }

  private Optional<ConditionArtifact> condition(StrictMap map, boolean topLevel) {
    Optional<String> name = name(map, topLevel);
    Map<String, String> metadata = metadata(map);
    Optional<YNode> text = map.take("condition", "definition");
    if (text.isEmpty()) {
      problems.add(map.node().position(), map.path("condition"), "missing 'condition'");
      return Optional.empty();
    }
    return conditionText(text.get(), map.path("condition"), name.orElse(""), metadata)
        .filter(c -> !topLevel || name.isPresent());
  }

  private Optional<ConditionArtifact> conditionText(YNode node, String path, String name, Map<String, String> metadata) {
    return values.required(node, path).flatMap(text -> {
      ConditionParseResult result = ConditionParser.parse(text);
      if (result instanceof ConditionParseResult.Failed failed) {
        for (ConditionError error : failed.errors()) {
          problems.add(Values.positionIn(node, error.offset()), path, "condition: " + error.message()
              + " (at character " + (error.offset() + 1) + " of \"" + Names.printable(text) + "\")");
        }
        return Optional.empty();
      }
      return Optional.of(new ConditionArtifact(name, metadata, text, result.orElseThrow(), node.position()));
    });
  }

  private Optional<Sla> sla(StrictMap map, boolean topLevel) {
    Optional<String> name = name(map, topLevel);
    Map<String, String> metadata = metadata(map);
    int before = problems.size();
    String type = map.take("type").flatMap(n -> values.required(n, map.path("type")).flatMap(t -> {
      if (!t.equals(Sla.RESPONSE_TIME_SLIDING_WINDOW)) {
        problems.add(n.position(), map.path("type"), "unknown SLA type '" + Names.printable(t) + "'; known: "
            + Sla.RESPONSE_TIME_SLIDING_WINDOW);
        return Optional.empty();
      }
      return Optional.of(t);
    })).orElse(Sla.RESPONSE_TIME_SLIDING_WINDOW);
    Duration[] threshold = {null, null};
    map.take("threshold").flatMap(n -> values.map(n, map.path("threshold"))).ifPresentOrElse(m -> {
      StrictMap t = new StrictMap(m, map.path("threshold"), problems);
      threshold[0] = t.take("upper").flatMap(n -> millis(n, t.path("upper"))).orElse(null);
      threshold[1] = t.take("lower").flatMap(n -> millis(n, t.path("lower"))).orElse(null);
      if (!t.has("upper") || !t.has("lower")) {
        problems.add(m.position(), t.path(""), "a threshold has 'upper' and 'lower' (milliseconds)");
      }
      t.finish();
    }, () -> problems.add(map.node().position(), map.path("threshold"), "missing 'threshold'"));
    Duration[] window = {null, null};
    map.take("window").flatMap(n -> values.map(n, map.path("window"))).ifPresentOrElse(m -> {
      StrictMap w = new StrictMap(m, map.path("window"), problems);
      window[0] = w.take("interval").flatMap(n -> values.duration(n, w.path("interval"))).orElse(null);
      window[1] = w.take("cooldown").flatMap(n -> values.duration(n, w.path("cooldown"))).orElse(null);
      if (!w.has("interval") || !w.has("cooldown")) {
        problems.add(m.position(), w.path(""), "a window has 'interval' and 'cooldown' (seconds)");
      }
      w.finish();
    }, () -> problems.add(map.node().position(), map.path("window"), "missing 'window'"));
    List<Ref<Escalation>> escalations = map.take("escalations")
        .map(n -> escalationList(n, map.path("escalations"))).orElse(List.of());
    if (threshold[0] != null && threshold[1] != null && threshold[1].compareTo(threshold[0]) > 0) {
      problems.add(map.node().position(), map.path("threshold"), "the lower threshold is above the upper one");
    }
    if (problems.size() != before || (topLevel && name.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new Sla(name.orElse(""), metadata, type, threshold[0], threshold[1], window[0], window[1],
        escalations, map.node().position()));
  }

  private Optional<Duration> millis(YNode node, String path) {
    return values.integer(node, path, 0, Integer.MAX_VALUE).map(Duration::ofMillis);
  }

  private List<Ref<Escalation>> escalationList(YNode node, String path) {
    List<Ref<Escalation>> list = new ArrayList<>();
    if (!(node instanceof YNode.Sequence seq)) {
      problems.add(node.position(), path, "expected a list of escalations, found " + node.describe());
      return list;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      this.<Escalation>refOrInline(seq.items().get(i), index(path, i), this::escalation, Escalation::name)
          .ifPresent(list::add);
    }
    return list;
  }

  private Optional<Escalation> escalation(StrictMap map, boolean topLevel) {
    Optional<String> name = name(map, topLevel);
    Map<String, String> metadata = metadata(map);
    int before = problems.size();
    Optional<Escalation.Action> action;
    if (map.has("to_all") || map.has("to_one")) {
      boolean all = map.has("to_all");
      String key = all ? "to_all" : "to_one";
      action = map.take(key).flatMap(n -> values.map(n, map.path(key))).map(m -> {
        StrictMap group = new StrictMap(m, map.path(key), problems);
        List<Ref<Escalation>> members = group.take("escalations")
            .map(n -> escalationList(n, group.path("escalations"))).orElse(List.of());
        if (!group.has("escalations")) {
          problems.add(m.position(), group.path("escalations"), "missing 'escalations'");
        }
        group.finish();
        return all ? new Escalation.ToAll(members) : new Escalation.ToOne(members);
      });
      if (map.has("to_all") && map.has("to_one")) {
        problems.add(map.node().position(), map.path(""), "give either to_all or to_one, not both");
      }
    } else {
      Optional<YNode> typeNode = map.take("type");
      Optional<String> type = typeNode.flatMap(n -> values.required(n, map.path("type")));
      if (type.isEmpty()) {
        if (!map.has("type")) {
          problems.add(map.node().position(), map.path("type"),
              "missing 'type' (scale_instances, scale_cpu, scale_memory) or a to_all / to_one group");
        }
        return Optional.empty();
      }
      Optional<String> target = map.take("target").flatMap(n -> values.required(n, map.path("target"))
          .flatMap(t -> checked(Names.cluster(t), n, map.path("target"), t)));
      action = switch (type.get()) {
        case "scale_instances" -> {
          Optional<Integer> min = map.take("minimum").flatMap(n -> values.integer(n, map.path("minimum"), 0, 10_000));
          Optional<Integer> max = map.take("maximum").flatMap(n -> values.integer(n, map.path("maximum"), 0, 10_000));
          int by = map.take("scale_by").flatMap(n -> values.integer(n, map.path("scale_by"), 1, 10_000)).orElse(1);
          requireBounds(map, min.isEmpty() || max.isEmpty() || min.get() <= max.get());
          yield Optional.of(new Escalation.ScaleInstances(target, min.orElse(0), max.orElse(0), by));
        }
        case "scale_cpu" -> {
          Optional<BigDecimal> min = map.take("minimum").flatMap(n -> values.decimal(n, map.path("minimum")));
          Optional<BigDecimal> max = map.take("maximum").flatMap(n -> values.decimal(n, map.path("maximum")));
          BigDecimal by = map.take("scale_by").flatMap(n -> values.decimal(n, map.path("scale_by"))).orElse(BigDecimal.ONE);
          requireBounds(map, min.isEmpty() || max.isEmpty() || min.get().compareTo(max.get()) <= 0);
          yield Optional.of(new Escalation.ScaleCpu(target, min.orElse(BigDecimal.ZERO), max.orElse(BigDecimal.ZERO),
              by));
        }
        case "scale_memory" -> {
          Optional<Long> min = map.take("minimum").flatMap(n -> values.memoryMb(n, map.path("minimum")));
          Optional<Long> max = map.take("maximum").flatMap(n -> values.memoryMb(n, map.path("maximum")));
          long by = map.take("scale_by").flatMap(n -> values.memoryMb(n, map.path("scale_by"))).orElse(1L);
          requireBounds(map, min.isEmpty() || max.isEmpty() || min.get() <= max.get());
          yield Optional.of(new Escalation.ScaleMemory(target, min.orElse(0L), max.orElse(0L), by));
        }
        default -> {
          problems.add(typeNode.orElseThrow().position(), map.path("type"), "unknown escalation type '"
              + Names.printable(type.get()) + "'; known: scale_instances, scale_cpu, scale_memory");
          // the bounds belong to the unknown type: reporting them as unknown keys too would be noise
          map.take("minimum");
          map.take("maximum");
          map.take("scale_by");
          yield Optional.empty();
        }
      };
      if (action.isPresent() && (!map.has("minimum") || !map.has("maximum"))) {
        problems.add(map.node().position(), map.path(""), "a scaling escalation needs 'minimum' and 'maximum'");
      }
    }
    if (problems.size() != before || action.isEmpty() || (topLevel && name.isEmpty())) {
      return Optional.empty();
    }
    return Optional.of(new Escalation(name.orElse(""), metadata, action.get(), map.node().position()));
  }

  private void requireBounds(StrictMap map, boolean ordered) {
    if (!ordered) {
      problems.add(map.node().position(), map.path("minimum"), "minimum is above maximum");
    }
  }

  // ---------------------------------------------------------------- blueprint

  private Optional<Blueprint> blueprint(StrictMap map) {
    Optional<String> name = name(map, true);
    Map<String, String> metadata = metadata(map);
    Optional<Blueprint> body = blueprintBody(map, name.orElse(""), metadata, true);
    return name.isPresent() ? body : Optional.empty();
  }

  /** The body shared by blueprints and deployments: gateways, clusters, environment, dialects. */
  private Optional<Blueprint> blueprintBody(StrictMap map, String name, Map<String, String> metadata,
      boolean clustersRequired) {
    int before = problems.size();
    List<GatewaySpec> gateways = map.take("gateways").map(n -> externalGateways(n, map.path("gateways")))
        .orElse(List.of());
    List<Cluster> clusters = new ArrayList<>();
    Optional<YNode> clusterNode = map.take("clusters");
    clusterNode.flatMap(n -> values.map(n, map.path("clusters"))).ifPresent(m -> {
      for (YNode.Entry entry : m.entries()) {
        String clusterName = entry.key().value();
        String path = map.path("clusters") + "." + clusterName;
        Names.cluster(clusterName).ifPresentOrElse(
            reason -> problems.add(entry.key().position(), path, reason),
            () -> cluster(clusterName, entry.value(), path, entry.key().position(), clustersRequired)
                .ifPresent(clusters::add));
      }
    });
    if (clustersRequired && clusterNode.isEmpty()) {
      problems.add(map.node().position(), map.path("clusters"), "missing 'clusters'");
    }
    List<EnvironmentVariable> env = map.take("environment_variables", "env")
        .map(n -> environment(n, map.path("environment_variables"), true)).orElse(List.of());
    for (EnvironmentVariable v : env) {
      if (v.cluster().isEmpty()) {
        problems.add(v.position(), map.path("environment_variables") + "." + v.dslKey(),
            "a blueprint-level variable names its cluster: cluster." + v.name());
      }
    }
    Dialects dialects = dialects(map);
    if (problems.size() != before) {
      return Optional.empty();
    }
    return Optional.of(new Blueprint(name, metadata, gateways, clusters, env, dialects, map.node().position()));
  }

  private Dialects dialects(StrictMap map) {
    Map<String, Map<String, Object>> byScheduler = new LinkedHashMap<>();
    map.take("dialects", "dialect").flatMap(n -> values.map(n, map.path("dialects"))).ifPresent(m -> {
      for (YNode.Entry entry : m.entries()) {
        dialect(entry, map.path("dialects")).ifPresent(tree -> byScheduler.put(entry.key().value(), tree));
      }
    });
    for (String scheduler : DIALECT_NAMES) {
      if (map.has(scheduler)) {
        YNode value = map.take(scheduler).orElseThrow();
        if (byScheduler.containsKey(scheduler)) {
          problems.add(value.position(), map.path(scheduler), "the " + scheduler + " dialect is given twice");
        }
        dialect(new YNode.Entry(map.keyOf(scheduler).orElseThrow(), value), map.path(""))
            .ifPresent(tree -> byScheduler.put(scheduler, tree));
      }
    }
    return new Dialects(byScheduler);
  }

  @SuppressWarnings("unchecked")
  private Optional<Map<String, Object>> dialect(YNode.Entry entry, String path) {
    String scheduler = entry.key().value();
    String entryPath = path.isEmpty() ? scheduler : path + "." + scheduler;
    if (!DIALECT_NAMES.contains(scheduler)) {
      problems.add(entry.key().position(), entryPath, "unknown dialect '" + Names.printable(scheduler)
          + "'; known: " + String.join(", ", DIALECT_NAMES));
      return Optional.empty();
    }
    Object tree = plain(entry.value());
    if (!(tree instanceof Map)) {
      problems.add(entry.value().position(), entryPath, "a dialect is a map, found " + entry.value().describe());
      return Optional.empty();
    }
    return Optional.of((Map<String, Object>) tree);
  }

  /** A YAML tree as plain Java values. */
  private static Object plain(YNode node) {
    if (node instanceof YNode.Mapping m) {
      Map<String, Object> map = new LinkedHashMap<>();
      m.entries().forEach(e -> map.put(e.key().value(), plain(e.value())));
      return map;
    }
    if (node instanceof YNode.Sequence seq) {
      return seq.items().stream().map(ArtifactReader::plain).toList();
    }
    if (!(node instanceof YNode.Scalar s)) {
      return Dialects.NULL;
    }
    String text = s.value().replace("_", "");
    try {
      switch (s.type()) {
        case INT:
          return Long.parseLong(text);
        case FLOAT:
          return Double.parseDouble(text);
        case BOOL:
          return s.value().equalsIgnoreCase("true") || s.value().equalsIgnoreCase("yes")
              || s.value().equalsIgnoreCase("on");
        default:
          return s.value();
      }
    } catch (NumberFormatException e) {
      return s.value();
    }
  }

  private Optional<Cluster> cluster(String name, YNode node, String path, Position keyPosition,
      boolean servicesRequired) {
    int before = problems.size();
    if (node instanceof YNode.Scalar) {
      // shorthand: cluster: breedRef
      return values.required(node, path).flatMap(ref -> checked(Names.artifact(ref), node, path, ref))
          .map(ref -> new Cluster(name, List.of(new Service(new Ref.Named<>(ref, node.position()), Optional.empty(),
              List.of(), Optional.empty(), List.of(), Dialects.NONE, node.position())), List.of(), Optional.empty(),
              Optional.empty(), Dialects.NONE, keyPosition));
    }
    Optional<YNode.Mapping> mapping = values.map(node, path);
    if (mapping.isEmpty()) {
      return Optional.empty();
    }
    StrictMap map = new StrictMap(mapping.get(), path, problems);
    List<Service> services = new ArrayList<>();
    Optional<List<HealthCheck>> health = Optional.empty();
    Dialects dialects = Dialects.NONE;
    if (map.has("services")) {
      YNode servicesNode = map.take("services").orElseThrow();
      services.addAll(listOrSingle(servicesNode, map.path("services"), this::service));
      if (servicesNode instanceof YNode.Null
          || (servicesNode instanceof YNode.Sequence seq && seq.items().isEmpty())) {
        problems.add(servicesNode.position(), map.path("services"), "a cluster needs at least one service");
      }
      health = map.take("health_checks", "healthchecks").map(n -> healthChecks(n, map.path("health_checks")));
      dialects = dialects(map);
    } else if (map.has("breed")) {
      // shorthand: the cluster map is its only service
      serviceBody(map).ifPresent(services::add);
    } else {
      // neither is there: still name them as known keys, so a misspelt 'servces' gets its hint
      map.take("services");
      map.take("breed");
    }
    List<GatewaySpec> gateways = map.take("gateways").map(n -> clusterGateways(n, map.path("gateways")))
        .orElse(List.of());
    Optional<Ref<Sla>> sla = map.take("sla").flatMap(n -> this.<Sla>refOrInline(n, map.path("sla"), this::sla,
        Sla::name));
    map.finish();
    if (servicesRequired && services.isEmpty() && problems.size() == before) {
      problems.add(mapping.get().position(), map.path("services"), "a cluster needs 'services' (or a 'breed')");
    }
    if (problems.size() != before) {
      return Optional.empty();
    }
    return Optional.of(new Cluster(name, services, gateways, sla, health, dialects, keyPosition));
  }

  private Optional<Service> service(YNode node, String path) {
    if (node instanceof YNode.Scalar) {
      return values.required(node, path).flatMap(ref -> checked(Names.artifact(ref), node, path, ref))
          .map(ref -> new Service(new Ref.Named<>(ref, node.position()), Optional.empty(), List.of(),
              Optional.empty(), List.of(), Dialects.NONE, node.position()));
    }
    return values.map(node, path).flatMap(mapping -> {
      StrictMap map = new StrictMap(mapping, path, problems);
      Optional<Service> service = serviceBody(map);
      map.finish();
      return service;
    });
  }

  private Optional<Service> serviceBody(StrictMap map) {
    int before = problems.size();
    Optional<Ref<Breed>> breed = map.take("breed").flatMap(n -> this.<Breed>refOrInline(n, map.path("breed"),
        this::breed, Breed::name));
    if (!map.has("breed")) {
      problems.add(map.node().position(), map.path("breed"), "missing 'breed'");
    }
    Optional<Ref<Scale>> scale = map.take("scale").flatMap(n -> this.<Scale>refOrInline(n, map.path("scale"),
        this::scale, Scale::name));
    List<EnvironmentVariable> env = map.take("environment_variables", "env")
        .map(n -> environment(n, map.path("environment_variables"), false)).orElse(List.of());
    Optional<List<HealthCheck>> health = map.take("health_checks", "healthchecks")
        .map(n -> healthChecks(n, map.path("health_checks")));
    List<Argument> arguments = map.take("arguments").map(n -> arguments(n, map.path("arguments")))
        .orElse(List.of());
    Dialects dialects = dialects(map);
    if (breed.isEmpty() || problems.size() != before) {
      return Optional.empty();
    }
    return Optional.of(new Service(breed.get(), scale, env, health, arguments, dialects, map.node().position()));
  }

  // ---------------------------------------------------------------- gateways

  private static final Set<String> GATEWAY_KEYS = Set.of("routes", "sticky", "virtual_hosts");

  /**
   * A cluster's {@code gateways}: one spec for every port ({@code {sticky, routes}}), a spec per port
   * name ({@code {web: {routes}}}), or just the routes ({@code {sava:1.0.0: {weight: 90%}}}).
   */
  private List<GatewaySpec> clusterGateways(YNode node, String path) {
    Optional<YNode.Mapping> mapping = values.map(node, path);
    if (mapping.isEmpty()) {
      return List.of();
    }
    List<YNode.Entry> entries = mapping.get().entries();
    if (entries.stream().anyMatch(e -> GATEWAY_KEYS.contains(e.key().value()))) {
      return gatewaySpec(mapping.get(), path, Optional.empty(), false).stream().toList();
    }
    boolean perPort = !entries.isEmpty() && entries.stream().allMatch(e -> e.value() instanceof YNode.Mapping m
        && m.entries().stream().anyMatch(inner -> GATEWAY_KEYS.contains(inner.key().value())));
    if (perPort) {
      List<GatewaySpec> specs = new ArrayList<>();
      for (YNode.Entry entry : entries) {
        String port = entry.key().value();
        String portPath = path + "." + port;
        Names.trait("port", port).ifPresentOrElse(reason -> problems.add(entry.key().position(), portPath, reason),
            () -> gatewaySpec((YNode.Mapping) entry.value(), portPath, Optional.of(port), false)
                .ifPresent(specs::add));
      }
      return specs;
    }
    List<RouteSpec> routes = routes(mapping.get(), path, false);
    return List.of(new GatewaySpec(Optional.empty(), Optional.empty(), List.of(), routes, mapping.get().position()));
  }

  /** A blueprint's external gateways: {@code 9050/http: cluster/port} or {@code 8080: {routes, virtual_hosts}}. */
  private List<GatewaySpec> externalGateways(YNode node, String path) {
    List<GatewaySpec> specs = new ArrayList<>();
    values.map(node, path).ifPresent(mapping -> {
      for (YNode.Entry entry : mapping.entries()) {
        String port = entry.key().value();
        String portPath = path + "." + port;
        Optional<PortSpec> spec = portSpec(entry.key(), portPath);
        if (spec.isEmpty()) {
          continue;
        }
        if (spec.get().number().isEmpty()) {
          problems.add(entry.key().position(), portPath, "an external gateway needs a port number, e.g. 9050/http");
          continue;
        }
        if (entry.value() instanceof YNode.Scalar) {
          values.required(entry.value(), portPath).ifPresent(target -> specs.add(new GatewaySpec(Optional.of(port),
              Optional.empty(), List.of(), List.of(new RouteSpec(target, Optional.empty(), Optional.empty(),
                  Optional.empty(), List.of(), Optional.empty(), entry.value().position())),
              entry.key().position())));
        } else {
          values.map(entry.value(), portPath)
              .flatMap(m -> gatewaySpec(m, portPath, Optional.of(port), true))
              .ifPresent(specs::add);
        }
      }
    });
    return specs;
  }

  private Optional<GatewaySpec> gatewaySpec(YNode.Mapping mapping, String path, Optional<String> port,
      boolean external) {
    StrictMap map = new StrictMap(mapping, path, problems);
    int before = problems.size();
    Optional<Sticky> sticky = sticky(map);
    List<String> virtualHosts = external ? virtualHosts(map) : List.of();
    List<RouteSpec> routes = map.take("routes").map(n -> {
      if (n instanceof YNode.Scalar) {
        return values.required(n, map.path("routes")).map(target -> List.of(new RouteSpec(target, Optional.empty(),
            Optional.empty(), Optional.empty(), List.of(), Optional.empty(), n.position()))).orElse(List.of());
      }
      return values.map(n, map.path("routes")).map(m -> routes(m, map.path("routes"), external)).orElse(List.of());
    }).orElse(List.of());
    map.finish();
    if (problems.size() != before) {
      return Optional.empty();
    }
    return Optional.of(new GatewaySpec(port, sticky, virtualHosts, routes, mapping.position()));
  }

  private Optional<Sticky> sticky(StrictMap map) {
    return map.take("sticky").flatMap(n -> {
      if (n instanceof YNode.Null) {
        return Optional.empty();
      }
      return values.required(n, map.path("sticky")).flatMap(s -> {
        if (s.equalsIgnoreCase("none")) {
          return Optional.empty();
        }
        Optional<Sticky> parsed = Sticky.parse(s);
        if (parsed.isEmpty()) {
          problems.add(n.position(), map.path("sticky"), "sticky is route, instance or none, found '"
              + Names.printable(s) + "'");
        }
        return parsed;
      });
    });
  }

  private List<String> virtualHosts(StrictMap map) {
    List<String> hosts = new ArrayList<>();
    map.take("virtual_hosts").ifPresent(n -> {
      if (!(n instanceof YNode.Sequence seq)) {
        problems.add(n.position(), map.path("virtual_hosts"), "expected a list of host names, found " + n.describe());
        return;
      }
      for (int i = 0; i < seq.items().size(); i++) {
        YNode item = seq.items().get(i);
        String itemPath = index(map.path("virtual_hosts"), i);
        values.required(item, itemPath).ifPresent(host -> Names.virtualHost(host).ifPresentOrElse(
            reason -> problems.add(item.position(), itemPath, reason), () -> hosts.add(host.toLowerCase(java.util.Locale.ROOT))));
      }
    });
    return hosts;
  }

  private List<RouteSpec> routes(YNode.Mapping mapping, String path, boolean external) {
    List<RouteSpec> routes = new ArrayList<>();
    for (YNode.Entry entry : mapping.entries()) {
      String target = entry.key().value();
      String routePath = path + "." + target;
      Optional<String> refusal = routeTarget(target);
      if (refusal.isPresent()) {
        problems.add(entry.key().position(), routePath, refusal.get());
        continue;
      }
      route(target, entry.value(), routePath, entry.key().position()).ifPresent(routes::add);
    }
    return routes;
  }

  /** Why a route target is unusable: {@code [host:port]}, or names separated by '/'. */
  private static Optional<String> routeTarget(String target) {
    if (target.startsWith("[")) {
      Matcher m = EXTERNAL_TARGET.matcher(target);
      if (!m.matches()) {
        return Optional.of("an external route is written [host:port], found '" + Names.printable(target) + "'");
      }
      int port = Integer.parseInt(m.group(2));
      if (port < 1 || port > 65535) {
        return Optional.of("port number must be between 1 and 65535, found " + port);
      }
      return Names.host(m.group(1));
    }
    String[] parts = target.split("/", -1);
    if (parts.length > 4) {
      return Optional.of("a route target has at most 4 parts (deployment/cluster/service/port), found '"
          + Names.printable(target) + "'");
    }
    for (String part : parts) {
      Optional<String> refusal = Names.artifact(part);
      if (refusal.isPresent()) {
        return Optional.of("route target '" + Names.printable(target) + "': " + refusal.get());
      }
    }
    return Optional.empty();
  }

  private Optional<RouteSpec> route(String target, YNode node, String path, Position position) {
    if (node instanceof YNode.Null) {
      return Optional.of(new RouteSpec(target, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
          Optional.empty(), position));
    }
    if (node instanceof YNode.Scalar) {
      return values.percentage(node, path).map(w -> new RouteSpec(target, Optional.of(w), Optional.empty(),
          Optional.empty(), List.of(), Optional.empty(), position));
    }
    return values.map(node, path).flatMap(mapping -> {
      StrictMap map = new StrictMap(mapping, path, problems);
      int before = problems.size();
      Optional<Integer> weight = map.take("weight").flatMap(n -> values.percentage(n, map.path("weight")));
      Optional<Ref<ConditionArtifact>> condition = map.take("condition").flatMap(n -> {
        if (n instanceof YNode.Scalar) {
          return conditionText(n, map.path("condition"), "", Map.of())
              .map(c -> new Ref.Inline<>(c, "", n.position()));
        }
        return this.<ConditionArtifact>refOrInline(n, map.path("condition"), this::condition,
            ConditionArtifact::name);
      });
      Optional<Integer> strength = map.take("condition_strength")
          .flatMap(n -> values.percentage(n, map.path("condition_strength")));
      List<Rewrite> rewrites = map.take("rewrites").map(n -> rewrites(n, map.path("rewrites"))).orElse(List.of());
      Optional<Balance> balance = map.take("balance").flatMap(n -> values.required(n, map.path("balance"))
          .flatMap(b -> {
            Optional<Balance> parsed = Balance.parse(b);
            if (parsed.isEmpty()) {
              problems.add(n.position(), map.path("balance"), "unknown balance '" + Names.printable(b)
                  + "'; known: " + Balance.known());
            }
            return parsed;
          }));
      map.finish();
      if (problems.size() != before) {
        return Optional.empty();
      }
      return Optional.of(new RouteSpec(target, weight, condition, strength, rewrites, balance, position));
    });
  }

  private List<Rewrite> rewrites(YNode node, String path) {
    List<Rewrite> rewrites = new ArrayList<>();
    if (!(node instanceof YNode.Sequence seq)) {
      problems.add(node.position(), path, "expected a list of rewrites ({path: 'NEW if CONDITION'}), found "
          + node.describe());
      return rewrites;
    }
    for (int i = 0; i < seq.items().size(); i++) {
      String itemPath = index(path, i);
      values.map(seq.items().get(i), itemPath).ifPresent(m -> {
        StrictMap map = new StrictMap(m, itemPath, problems);
        map.take("path").ifPresentOrElse(n -> values.required(n, map.path("path")).ifPresent(text -> {
          if (!REWRITE_TEXT.matcher(text).matches() || text.contains("#")) {
            int bad = firstOutside(text);
            problems.add(Values.positionIn(n, bad), map.path("path"), "character '" + Names.printable(
                String.valueOf(text.charAt(bad))) + "' is not allowed in a rewrite");
            return;
          }
          Matcher rm = REWRITE.matcher(text.trim());
          if (!rm.matches()) {
            problems.add(n.position(), map.path("path"), "a rewrite is written 'NEW_PATH if CONDITION'");
            return;
          }
          rewrites.add(new Rewrite(rm.group(1).trim(), rm.group(2).trim()));
        }), () -> problems.add(m.position(), map.path("path"), "missing 'path'"));
        map.finish();
      });
    }
    return rewrites;
  }

  private static int firstOutside(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!REWRITE_TEXT.matcher(String.valueOf(text.charAt(i))).matches() || text.charAt(i) == '#') {
        return i;
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- deployment and standalone gateway

  private Optional<Deployment> deployment(StrictMap map) {
    Optional<String> name = name(map, true);
    Map<String, String> metadata = metadata(map);
    int before = problems.size();
    List<Ref<Blueprint>> blueprints = new ArrayList<>();
    map.take("blueprints", "blueprint").ifPresent(n -> {
      String path = map.path("blueprints");
      List<YNode> items = n instanceof YNode.Sequence seq ? seq.items() : List.of(n);
      for (int i = 0; i < items.size(); i++) {
        String itemPath = n instanceof YNode.Sequence ? index(path, i) : path;
        this.<Blueprint>refOrInline(items.get(i), itemPath, (m, top) -> {
          Optional<String> inlineName = name(m, true);
          Map<String, String> inlineMetadata = metadata(m);
          return blueprintBody(m, inlineName.orElse(""), inlineMetadata, true).filter(b -> inlineName.isPresent());
        }, Blueprint::name).ifPresent(blueprints::add);
      }
    });
    Optional<Blueprint> body = blueprintBody(map, name.orElse(""), metadata, false);
    if (blueprints.isEmpty() && body.map(b -> b.clusters().isEmpty()).orElse(true) && problems.size() == before) {
      problems.add(map.node().position(), map.path("blueprints"),
          "a deployment needs 'blueprints' to merge or its own 'clusters'");
    }
    if (name.isEmpty() || body.isEmpty() || problems.size() != before) {
      return Optional.empty();
    }
    return Optional.of(new Deployment(name.get(), metadata, blueprints, body.get(), map.node().position()));
  }

  private Optional<GatewayArtifact> gateway(StrictMap map) {
    Optional<String> name = name(map, true);
    Map<String, String> metadata = metadata(map);
    int before = problems.size();
    // "/tcp" keeps the protocol of a gateway whose port is assigned from the range
    Optional<String> port = map.take("port").flatMap(n -> portSpec(n, map.path("port")).map(spec ->
        spec.number().map(String::valueOf).orElse("") + "/" + spec.protocol().orElse(Protocol.HTTP).dsl()));
    Optional<Sticky> sticky = sticky(map);
    List<String> virtualHosts = virtualHosts(map);
    Optional<String> selector = map.take("selector").flatMap(n -> selector(n, map.path("selector")));
    List<RouteSpec> routes = map.take("routes").flatMap(n -> values.map(n, map.path("routes")))
        .map(m -> routes(m, map.path("routes"), true)).orElse(List.of());
    if (routes.isEmpty() && selector.isEmpty() && problems.size() == before) {
      problems.add(map.node().position(), map.path("routes"), "a gateway needs 'routes' or a 'selector'");
    }
    if (name.isEmpty() || problems.size() != before) {
      return Optional.empty();
    }
    GatewaySpec spec = new GatewaySpec(port, sticky, virtualHosts, routes, map.node().position());
    return Optional.of(new GatewayArtifact(name.get(), metadata, spec, selector, map.node().position()));
  }

  /** A gateway's selector in its canonical spelling; each error at its column inside the value. */
  private Optional<String> selector(YNode node, String path) {
    return values.required(node, path).flatMap(text -> {
      SelectorParseResult result = SelectorParser.parse(text);
      if (result instanceof SelectorParseResult.Failed failed) {
        for (SelectorError error : failed.errors()) {
          problems.add(Values.positionIn(node, error.offset()), path, "selector: " + error.message()
              + " (at character " + (error.offset() + 1) + " of \"" + Names.printable(text) + "\")");
        }
        return Optional.empty();
      }
      return Optional.of(result.orElseThrow().render());
    });
  }
}
