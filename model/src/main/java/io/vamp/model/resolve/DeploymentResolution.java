package io.vamp.model.resolve;

import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Blueprint;
import io.vamp.model.artifact.Breed;
import io.vamp.model.artifact.Cluster;
import io.vamp.model.artifact.Constant;
import io.vamp.model.artifact.Dependency;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.EnvironmentVariable;
import io.vamp.model.artifact.Escalation;
import io.vamp.model.artifact.GatewaySpec;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Kind;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Ref;
import io.vamp.model.artifact.RouteSpec;
import io.vamp.model.artifact.Scale;
import io.vamp.model.artifact.Service;
import io.vamp.model.artifact.Sla;
import io.vamp.model.condition.Condition;
import io.vamp.model.problem.Position;
import io.vamp.model.problem.Problems;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Resources;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import io.vamp.model.value.Reference;
import io.vamp.model.value.Template;
import io.vamp.model.value.TemplateError;
import io.vamp.model.value.TemplateParseResult;
import io.vamp.model.value.TemplateParser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One deployment (or, in library mode, one blueprint nobody deploys) on its way to workloads and
 * gateways: breeds and scales resolved, dependencies matched to clusters, gateways drafted, and,
 * once gateway ports are known, environment values interpolated.
 */
final class DeploymentResolution {
  private final String name;
  private final Blueprint blueprint;
  private final Library library;
  private final Problems problems;
  private final boolean libraryMode;
  private final List<Placed> placed = new ArrayList<>();
  private final Map<String, Map<String, Port>> clusterPorts = new LinkedHashMap<>();
  private final List<GatewayDraft> gateways = new ArrayList<>();

  /** A service with its breed resolved. */
  private record Placed(Cluster cluster, Service service, Breed breed, String path, WorkloadId id,
      Map<String, String> dependencyClusters) {}

  DeploymentResolution(String name, Blueprint blueprint, Library library, Problems problems, boolean libraryMode) {
    this.name = name;
    this.blueprint = blueprint;
    this.library = library;
    this.problems = problems;
    this.libraryMode = libraryMode;
  }

  String name() {
    return name;
  }

  List<GatewayDraft> gateways() {
    return libraryMode ? List.of() : gateways;
  }

  /** A blueprint nobody deploys still gets its route weights checked (placeholders stay open). */
  void checkLibraryWeights() {
    for (GatewayDraft draft : gateways) {
      Weights.settle(draft.routes(), draft, problems);
    }
  }

  boolean hasPort(WorkloadId id, String port) {
    return placed.stream().anyMatch(p -> p.id().equals(id) && p.breed().port(port).isPresent());
  }

  void prepare() {
    Map<String, String> breedToCluster = new HashMap<>();
    for (Cluster cluster : blueprint.clusters()) {
      String clusterPath = "clusters." + cluster.name();
      if (cluster.services().isEmpty()) {
        problems.add(cluster.position(), clusterPath, "cluster '" + cluster.name() + "' of " + what()
            + " has no services: no blueprint merged into it provides any");
      }
      Map<String, Port> ports = new LinkedHashMap<>();
      for (int i = 0; i < cluster.services().size(); i++) {
        Service service = cluster.services().get(i);
        String path = clusterPath + ".services[" + i + "]";
        Optional<Breed> breed = library.resolve(service.breed(), Kind.BREED, Breed.class, path + ".breed");
        if (breed.isEmpty()) {
          continue;
        }
        String other = breedToCluster.putIfAbsent(breed.get().name(), cluster.name());
        if (other != null) {
          problems.add(service.position(), path + ".breed", "breed '" + breed.get().name() + "' is already a service"
              + " of cluster '" + other + "' in " + what() + ": a breed runs once per deployment");
          continue;
        }
        for (Port port : breed.get().ports()) {
          Port first = ports.putIfAbsent(port.name(), port);
          if (first != null && first.protocol() != port.protocol()) {
            problems.add(service.position(), path + ".breed", "port '" + port.name() + "' is " + port.protocol().dsl()
                + " here but " + first.protocol().dsl() + " in another service of cluster '" + cluster.name() + "'");
          }
        }
        service.scale().ifPresent(scale -> library.resolve(scale, Kind.SCALE, Scale.class, path + ".scale"));
        checkHealthChecks(service.healthChecks().or(cluster::healthChecks).or(() -> breed.get().healthChecks()),
            breed.get(), service.position(), path);
        placed.add(new Placed(cluster, service, breed.get(), path,
            new WorkloadId(name, cluster.name(), breed.get().name()), new HashMap<>()));
      }
      clusterPorts.put(cluster.name(), ports);
      cluster.sla().ifPresent(sla -> library.resolve(sla, Kind.SLA, Sla.class, clusterPath + ".sla")
          .ifPresent(resolved -> checkEscalations(resolved.escalations(), clusterPath + ".sla.escalations",
              new HashSet<>())));
    }
    matchDependencies();
    checkRecursiveDependencies();
    draftClusterGateways();
    draftExternalGateways();
    checkScopedVariables();
  }

  private String what() {
    return (libraryMode ? "blueprint '" : "deployment '") + name + "'";
  }

  private void checkHealthChecks(Optional<List<HealthCheck>> checks, Breed breed, Position position, String path) {
    checks.ifPresent(list -> {
      for (HealthCheck check : list) {
        if (breed.port(check.port()).isEmpty()) {
          problems.add(position, path + ".health_checks", "health check port '" + check.port()
              + "' is not a port of breed '" + breed.name() + "'" + io.vamp.model.read.Suggestions.hint(check.port(),
                  breed.ports().stream().map(Port::name).toList()));
        }
      }
    });
  }

  private void checkEscalations(List<Ref<Escalation>> escalations, String path, Set<String> visiting) {
    for (int i = 0; i < escalations.size(); i++) {
      Ref<Escalation> ref = escalations.get(i);
      String itemPath = path + "[" + i + "]";
      if (ref instanceof Ref.Named<Escalation> && !visiting.add(ref.name())) {
        problems.add(ref.position(), itemPath, "escalation '" + ref.name() + "' includes itself");
        continue;
      }
      library.resolve(ref, Kind.ESCALATION, Escalation.class, itemPath).ifPresent(escalation -> {
        Escalation.Action action = escalation.action();
        Optional<String> target = action instanceof Escalation.ScaleInstances s ? s.target()
            : action instanceof Escalation.ScaleCpu c ? c.target()
            : action instanceof Escalation.ScaleMemory m ? m.target() : Optional.empty();
        target.filter(t -> blueprint.cluster(t).isEmpty()).ifPresent(t -> problems.add(ref.position(), itemPath
            + ".target", "escalation target '" + t + "' is not a cluster of " + what()));
        if (action instanceof Escalation.ToAll all) {
          checkEscalations(all.escalations(), itemPath + ".to_all.escalations", visiting);
        } else if (action instanceof Escalation.ToOne one) {
          checkEscalations(one.escalations(), itemPath + ".to_one.escalations", visiting);
        }
      });
      if (ref instanceof Ref.Named<Escalation>) {
        visiting.remove(ref.name());
      }
    }
  }

  /** Each dependency alias names the cluster that runs the breed it asks for. */
  private void matchDependencies() {
    for (Placed p : placed) {
      for (Dependency dependency : p.breed().dependencies()) {
        if (dependency.breed() instanceof Ref.Inline<Breed> inline) {
          checkInlineDependency(inline.value(), p);
        }
        Optional<Placed> match = placed.stream().filter(q -> dependency.matches(q.breed().name()))
            .min((a, b) -> b.breed().name().compareTo(a.breed().name()));
        if (match.isEmpty()) {
          problems.add(dependency.position(), p.path() + ".breed.dependencies." + dependency.alias(),
              "dependency '" + dependency.alias() + "' of breed '" + p.breed().name() + "' needs a breed matching '"
                  + dependency.breed().name() + "', which no cluster of " + what() + " runs");
          continue;
        }
        p.dependencyClusters().put(dependency.alias(), match.get().cluster().name());
      }
    }
  }

  private void checkInlineDependency(Breed inline, Placed p) {
    placed.stream().filter(q -> q.breed().name().equals(inline.name())).findFirst()
        .filter(q -> !sameDefinition(q.breed(), inline))
        .ifPresent(q -> problems.add(inline.position(), p.path() + ".breed.dependencies",
            "inline dependency '" + inline.name() + "' differs from the breed of that name in cluster '"
                + q.cluster().name() + "'"));
  }

  /**
   * Whether two breeds say the same, wherever they are written: records compare their source
   * positions too, so an inline copy is never {@code equals} to the breed it repeats.
   */
  private static boolean sameDefinition(Breed a, Breed b) {
    return a.name().equals(b.name()) && a.deployable().equals(b.deployable()) && a.ports().equals(b.ports())
        && a.metadata().equals(b.metadata()) && a.arguments().equals(b.arguments())
        && a.healthChecks().equals(b.healthChecks())
        && withoutPositions(a.environmentVariables(), v -> List.of(v.name(), v.alias(), v.value()))
            .equals(withoutPositions(b.environmentVariables(), v -> List.of(v.name(), v.alias(), v.value())))
        && withoutPositions(a.constants(), c -> List.of(c.name(), c.value()))
            .equals(withoutPositions(b.constants(), c -> List.of(c.name(), c.value())))
        && withoutPositions(a.dependencies(), d -> List.of(d.alias(), d.breed().name()))
            .equals(withoutPositions(b.dependencies(), d -> List.of(d.alias(), d.breed().name())));
  }

  private static <T> List<List<Object>> withoutPositions(List<T> items,
      java.util.function.Function<T, List<Object>> fields) {
    return items.stream().map(fields).toList();
  }

  private void checkRecursiveDependencies() {
    Map<String, List<String>> edges = new HashMap<>();
    for (Placed p : placed) {
      List<String> next = new ArrayList<>();
      for (Dependency d : p.breed().dependencies()) {
        placed.stream().filter(q -> d.matches(q.breed().name())).forEach(q -> next.add(q.breed().name()));
      }
      edges.put(p.breed().name(), next);
    }
    Set<String> reported = new HashSet<>();
    for (Placed p : placed) {
      Deque<String> path = new ArrayDeque<>();
      findCycle(p.breed().name(), edges, path, new HashSet<>()).ifPresent(cycle -> {
        String key = String.join(",", new java.util.TreeSet<>(cycle));
        if (reported.add(key)) {
          problems.add(p.breed().position(), p.path() + ".breed.dependencies", "recursive dependencies: "
              + String.join(" -> ", cycle));
        }
      });
    }
  }

  private Optional<List<String>> findCycle(String breed, Map<String, List<String>> edges, Deque<String> path,
      Set<String> done) {
    if (path.contains(breed)) {
      List<String> cycle = new ArrayList<>();
      boolean in = false;
      for (String step : (Iterable<String>) path::descendingIterator) {
        in |= step.equals(breed);
        if (in) {
          cycle.add(step);
        }
      }
      cycle.add(breed);
      return Optional.of(cycle);
    }
    if (!done.add(breed)) {
      return Optional.empty();
    }
    path.push(breed);
    for (String next : edges.getOrDefault(breed, List.of())) {
      Optional<List<String>> cycle = findCycle(next, edges, path, done);
      if (cycle.isPresent()) {
        return cycle;
      }
    }
    path.pop();
    return Optional.empty();
  }

  // ------------------------------------------------------------------ gateways

  private void draftClusterGateways() {
    for (Cluster cluster : blueprint.clusters()) {
      String path = "clusters." + cluster.name() + ".gateways";
      Map<String, Port> ports = clusterPorts.getOrDefault(cluster.name(), Map.of());
      for (GatewaySpec spec : cluster.gateways()) {
        spec.port().filter(p -> !ports.containsKey(p)).ifPresent(p -> problems.add(spec.position(), path + "." + p,
            "cluster '" + cluster.name() + "' has no port '" + p + "'" + io.vamp.model.read.Suggestions.hint(p,
                ports.keySet())));
      }
      List<Placed> services = placed.stream().filter(p -> p.cluster().name().equals(cluster.name())).toList();
      for (GatewaySpec spec : cluster.gateways()) {
        for (RouteSpec route : spec.routes()) {
          if (services.stream().noneMatch(p -> p.breed().name().equals(route.target()))
              && cluster.services().stream().noneMatch(s -> s.breed().name().equals(route.target()))) {
            problems.add(route.position(), path + ".routes." + route.target(), "route '" + route.target()
                + "' is not a service of cluster '" + cluster.name() + "'" + io.vamp.model.read.Suggestions.hint(
                    route.target(), cluster.services().stream().map(s -> s.breed().name()).toList()));
          }
        }
      }
      for (Port port : ports.values()) {
        GatewaySpec spec = cluster.gateways().stream().filter(s -> s.port().equals(Optional.of(port.name())))
            .findFirst().or(() -> cluster.gateways().stream().filter(s -> s.port().isEmpty()).findFirst())
            .orElse(new GatewaySpec(Optional.empty(), Optional.empty(), List.of(), List.of(), cluster.position()));
        String gatewayName = name + "/" + cluster.name() + "/" + port.name();
        Resolver.checkHttpOnly(port.protocol(), spec, gatewayName, problems, path);
        List<GatewayDraft.RouteDraft> routes = new ArrayList<>();
        for (Placed p : services) {
          if (p.breed().port(port.name()).isEmpty()) {
            continue;
          }
          RouteSpec route = spec.route(p.breed().name()).orElse(new RouteSpec(p.breed().name(), Optional.empty(),
              Optional.empty(), Optional.empty(), List.of(), Optional.empty(), p.service().position()));
          String routePath = path + ".routes." + route.target();
          Resolver.condition(route, library, problems, routePath).ifPresent(condition -> routes.add(
              new GatewayDraft.RouteDraft(p.breed().name(), new RouteTarget.ServicePort(p.id(), port.name()),
                  route.weight(), condition, route.conditionStrength(), route.rewrites(), route.balance(),
                  route.position(), routePath)));
        }
        gateways.add(new GatewayDraft(gatewayName, Gateway.GatewayKind.INTERNAL, Optional.empty(), port.protocol(),
            spec.sticky(), List.of(), routes, Optional.of(name), Optional.empty(), spec.position(), path));
      }
    }
  }

  private void draftExternalGateways() {
    for (GatewaySpec spec : blueprint.gateways()) {
      String portText = spec.port().orElseThrow();
      String path = "gateways." + portText;
      int slash = portText.indexOf('/');
      int number = Integer.parseInt(slash < 0 ? portText : portText.substring(0, slash));
      Optional<Protocol> declared = slash < 0 ? Optional.empty() : Protocol.parse(portText.substring(slash + 1));
      List<GatewayDraft.RouteDraft> routes = new ArrayList<>();
      Protocol targetProtocol = null;
      for (RouteSpec route : spec.routes()) {
        String routePath = path + ".routes." + route.target();
        String[] parts = route.target().split("/");
        Optional<Port> port = Optional.empty();
        RouteTarget target = null;
        if (parts.length == 2) {
          port = Optional.ofNullable(clusterPorts.getOrDefault(parts[0], Map.of()).get(parts[1]));
          target = new RouteTarget.GatewayPort(name + "/" + parts[0] + "/" + parts[1]);
        } else if (parts.length == 3) {
          WorkloadId id = new WorkloadId(name, parts[0], parts[1]);
          port = placed.stream().filter(p -> p.id().equals(id)).findFirst().flatMap(p -> p.breed().port(parts[2]));
          target = new RouteTarget.ServicePort(id, parts[2]);
        }
        if (port.isEmpty()) {
          if (!libraryMode || blueprint.cluster(parts[0]).isEmpty() || parts.length != 2) {
            problems.add(route.position(), routePath, "route '" + route.target() + "' of external gateway " + number
                + " names no port of " + what() + ": write cluster/port (or cluster/service/port)");
          }
          continue;
        }
        if (declared.equals(Optional.of(Protocol.HTTP)) && port.get().protocol() == Protocol.TCP) {
          problems.add(route.position(), routePath, "external gateway " + number + " is http but '" + route.target()
              + "' is a tcp port: declare the gateway " + number + "/tcp");
          continue;
        }
        targetProtocol = targetProtocol == null ? port.get().protocol() : targetProtocol;
        RouteTarget finalTarget = target;
        Resolver.condition(route, library, problems, routePath).ifPresent(condition -> routes.add(
            new GatewayDraft.RouteDraft(route.target(), finalTarget, route.weight(), condition,
                route.conditionStrength(), route.rewrites(), route.balance(), route.position(), routePath)));
      }
      Protocol protocol = declared.orElse(targetProtocol == null ? Protocol.HTTP : targetProtocol);
      String gatewayName = name + "/" + number;
      Resolver.checkHttpOnly(protocol, spec, gatewayName, problems, path);
      if (spec.routes().isEmpty()) {
        problems.add(spec.position(), path, "external gateway " + number + " has no routes");
      }
      gateways.add(new GatewayDraft(gatewayName, Gateway.GatewayKind.EXTERNAL, Optional.of(number), protocol,
          spec.sticky(), spec.virtualHosts(), routes, Optional.of(name), Optional.empty(), spec.position(), path));
    }
  }

  // ------------------------------------------------------------------ environment

  /** Cluster-scoped variables must name a cluster of the deployment and a variable its breeds declare. */
  private void checkScopedVariables() {
    for (EnvironmentVariable variable : blueprint.environmentVariables()) {
      String cluster = variable.cluster().orElse("");
      String path = "environment_variables." + variable.dslKey();
      if (blueprint.cluster(cluster).isEmpty()) {
        problems.add(variable.position(), path, "'" + cluster + "' is not a cluster of " + what());
        continue;
      }
      boolean declared = placed.stream().filter(p -> p.cluster().name().equals(cluster))
          .anyMatch(p -> declares(p.breed(), variable.name()));
      if (!declared && placed.stream().anyMatch(p -> p.cluster().name().equals(cluster))) {
        problems.add(variable.position(), path, "no breed of cluster '" + cluster + "' declares environment variable '"
            + variable.name() + "'");
      }
    }
    for (Placed p : placed) {
      for (EnvironmentVariable variable : p.service().environmentVariables()) {
        if (!declares(p.breed(), variable.name())) {
          problems.add(variable.position(), p.path() + ".environment_variables." + variable.dslKey(),
              "breed '" + p.breed().name() + "' declares no environment variable '" + variable.name()
                  + "': declare it in the breed (a ~ placeholder if it has no default)");
        }
      }
    }
  }

  private static boolean declares(Breed breed, String variable) {
    return breed.environmentVariables().stream().anyMatch(v -> v.name().equals(variable));
  }

  /** The workloads, with environment interpolated now that gateway ports are known. */
  List<Workload> workloads(String host, Map<String, Integer> gatewayPorts) {
    if (libraryMode) {
      return List.of();
    }
    Interpolation interpolation = new Interpolation(host, gatewayPorts);
    List<Workload> workloads = new ArrayList<>();
    for (Placed p : placed) {
      TreeMap<String, String> environment = new TreeMap<>();
      Map<String, String> injectedBy = new HashMap<>();
      for (EnvironmentVariable variable : scopedVariables(p).values()) {
        String other = injectedBy.putIfAbsent(variable.injectedName(), variable.dslKey());
        if (other != null) {
          problems.add(variable.position(), p.path() + ".environment_variables." + variable.dslKey(),
              "'" + variable.dslKey() + "' and '" + other + "' are both injected as " + variable.injectedName());
          continue;
        }
        interpolation.value(p, variable.name(), new ArrayDeque<>())
            .ifPresent(value -> environment.put(variable.injectedName(), value));
      }
      Resources resources = p.service().scale()
          .flatMap(ref -> ref instanceof Ref.Inline<Scale> inline ? Optional.of(inline.value())
              : library.find(Kind.SCALE, ref.name(), Scale.class))
          .map(s -> new Resources(s.cpu(), s.memoryMb(), s.instances()))
          .orElse(Resources.DEFAULT);
      List<HealthCheck> health = p.service().healthChecks().or(() -> p.cluster().healthChecks())
          .or(() -> p.breed().healthChecks()).orElse(List.of());
      Map<String, Argument> arguments = new LinkedHashMap<>();
      p.breed().arguments().forEach(a -> arguments.put(a.key(), a));
      p.service().arguments().forEach(a -> arguments.put(a.key(), a));
      Dialects dialects = blueprint.dialects().overriddenBy(p.cluster().dialects()).overriddenBy(p.service().dialects());
      List<String> dependsOn = new ArrayList<>();
      p.dependencyClusters().values().forEach(cluster -> clusterPorts.getOrDefault(cluster, Map.of()).keySet()
          .forEach(port -> dependsOn.add(name + "/" + cluster + "/" + port)));
      workloads.add(new Workload(p.id(), p.breed().deployable(), p.breed().ports(), environment, resources, health,
          List.copyOf(arguments.values()), dialects, dependsOn));
    }
    return workloads;
  }

  /** Breed scope, overridden by the cluster scope, overridden by the service scope. */
  private Map<String, EnvironmentVariable> scopedVariables(Placed p) {
    Map<String, EnvironmentVariable> scoped = new LinkedHashMap<>();
    p.breed().environmentVariables().forEach(v -> scoped.put(v.name(), v));
    blueprint.environmentVariables().stream()
        .filter(v -> v.cluster().equals(Optional.of(p.cluster().name())) && scoped.containsKey(v.name()))
        .forEach(v -> scoped.put(v.name(), withAlias(v, scoped.get(v.name()))));
    p.service().environmentVariables().stream().filter(v -> scoped.containsKey(v.name()))
        .forEach(v -> scoped.put(v.name(), withAlias(v, scoped.get(v.name()))));
    return scoped;
  }

  /** An override keeps the alias the breed declared unless it gives its own. */
  private static EnvironmentVariable withAlias(EnvironmentVariable override, EnvironmentVariable declared) {
    return new EnvironmentVariable(override.cluster(), override.name(), override.alias().or(declared::alias),
        override.value(), override.position());
  }

  /** Resolves values and references, with cycle detection. */
  private final class Interpolation {
    private final String host;
    private final Map<String, Integer> gatewayPorts;
    private final Map<String, Optional<String>> done = new HashMap<>();

    Interpolation(String host, Map<String, Integer> gatewayPorts) {
      this.host = host;
      this.gatewayPorts = gatewayPorts;
    }

    Optional<String> value(Placed p, String variableName, Deque<String> stack) {
      String key = p.id() + "#" + variableName;
      if (done.containsKey(key)) {
        return done.get(key);
      }
      EnvironmentVariable variable = scopedVariables(p).get(variableName);
      String path = p.path() + ".environment_variables." + variableName;
      if (stack.contains(key)) {
        problems.add(variable.position(), path, "environment variables refer to each other in a loop: "
            + String.join(" -> ", (Iterable<String>) stack::descendingIterator) + " -> " + key);
        return Optional.empty();
      }
      if (variable.value().isEmpty()) {
        problems.add(variable.position(), path, "placeholder '" + variableName + "' of breed '" + p.breed().name()
            + "' has no value: give it in the blueprint (cluster." + variableName + ") or the service");
        done.put(key, Optional.empty());
        return Optional.empty();
      }
      TemplateParseResult parsed = TemplateParser.parse(variable.value().get());
      if (parsed instanceof TemplateParseResult.Failed failed) {
        for (TemplateError error : failed.errors()) {
          problems.add(variable.position(), path, error.message() + " (at character " + (error.offset() + 1)
              + " of the value)");
        }
        done.put(key, Optional.empty());
        return Optional.empty();
      }
      stack.push(key);
      Template template = parsed.orElseThrow();
      boolean[] ok = {true};
      String rendered = template.render(reference -> {
        Optional<String> resolved = reference(p, reference, variable, path, stack);
        ok[0] &= resolved.isPresent();
        return resolved.orElse("");
      });
      stack.pop();
      Optional<String> result = ok[0] ? Optional.of(rendered) : Optional.empty();
      done.put(key, result);
      return result;
    }

    private Optional<String> reference(Placed p, Reference reference, EnvironmentVariable variable, String path,
        Deque<String> stack) {
      if (reference instanceof Reference.Local local) {
        if (declares(p.breed(), local.name())) {
          return value(p, local.name(), stack);
        }
        Optional<Constant> constant = p.breed().constants().stream().filter(c -> c.name().equals(local.name()))
            .findFirst();
        if (constant.isEmpty()) {
          problems.add(variable.position(), path, "'$" + local.name() + "' is neither an environment variable nor a"
              + " constant of breed '" + p.breed().name() + "'");
        }
        return constant.map(Constant::value);
      }
      String target = reference.targetCluster().orElseThrow();
      String cluster = p.dependencyClusters().getOrDefault(target,
          blueprint.cluster(target).map(Cluster::name).orElse(null));
      if (cluster == null) {
        problems.add(variable.position(), path, "'" + reference.expression() + "': '" + target
            + "' is neither a dependency of breed '" + p.breed().name() + "' nor a cluster of " + what());
        return Optional.empty();
      }
      Optional<Placed> targetService = placed.stream().filter(q -> q.cluster().name().equals(cluster))
          .filter(q -> p.breed().dependencies().stream().filter(d -> d.alias().equals(target))
              .allMatch(d -> d.matches(q.breed().name())))
          .findFirst();
      if (reference instanceof Reference.Host) {
        return Optional.of(host);
      }
      if (reference instanceof Reference.Port port) {
        Integer number = gatewayPorts.get(name + "/" + cluster + "/" + port.port());
        if (number == null) {
          problems.add(variable.position(), path, "'" + reference.expression() + "': cluster '" + cluster
              + "' has no port '" + port.port() + "'");
          return Optional.empty();
        }
        return Optional.of(String.valueOf(number));
      }
      if (targetService.isEmpty()) {
        problems.add(variable.position(), path, "'" + reference.expression() + "': cluster '" + cluster
            + "' runs no service to read it from");
        return Optional.empty();
      }
      if (reference instanceof Reference.Constant constant) {
        Optional<String> value = targetService.get().breed().constants().stream()
            .filter(c -> c.name().equals(constant.name())).map(Constant::value).findFirst();
        if (value.isEmpty()) {
          problems.add(variable.position(), path, "'" + reference.expression() + "': breed '"
              + targetService.get().breed().name() + "' has no constant '" + constant.name() + "'");
        }
        return value;
      }
      Reference.EnvironmentVariable env = (Reference.EnvironmentVariable) reference;
      if (!declares(targetService.get().breed(), env.name())) {
        problems.add(variable.position(), path, "'" + reference.expression() + "': breed '"
            + targetService.get().breed().name() + "' has no environment variable '" + env.name() + "'");
        return Optional.empty();
      }
      return value(targetService.get(), env.name(), stack);
    }
  }
}
