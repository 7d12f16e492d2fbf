package io.vamp.model.resolve;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Blueprint;
import io.vamp.model.artifact.ConditionArtifact;
import io.vamp.model.artifact.Deployment;
import io.vamp.model.artifact.GatewayArtifact;
import io.vamp.model.artifact.GatewaySpec;
import io.vamp.model.artifact.Kind;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Ref;
import io.vamp.model.artifact.RouteSpec;
import io.vamp.model.artifact.Balance;
import io.vamp.model.condition.Condition;
import io.vamp.model.problem.Problems;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a repository's artifacts into the desired state: merges each deployment's blueprints,
 * resolves every reference, settles weights, assigns gateway ports and interpolates environment
 * values. Collects every problem; the state is only produced when there are none. Blueprints no
 * deployment uses are still checked for unresolved references.
 */
public final class Resolver {
  private static final Pattern EXTERNAL = Pattern.compile("\\[(.+):(\\d{1,5})]");

  private final ResolveContext context;

  public Resolver(ResolveContext context) {
    this.context = context;
  }

  public ResolveResult resolve(List<Artifact> artifacts) {
    Problems problems = new Problems();
    Library library = new Library(artifacts, problems);

    List<DeploymentResolution> deployments = new ArrayList<>();
    Set<String> usedBlueprints = new HashSet<>();
    library.all(Kind.DEPLOYMENT).values().stream().map(Deployment.class::cast)
        .sorted(Comparator.comparing(Deployment::name))
        .forEach(deployment -> merged(deployment, library, usedBlueprints).ifPresent(merged ->
            deployments.add(new DeploymentResolution(deployment.name(), merged, library, problems, false))));
    library.all(Kind.BLUEPRINT).values().stream().map(Blueprint.class::cast)
        .filter(b -> !usedBlueprints.contains(b.name()))
        .sorted(Comparator.comparing(Blueprint::name))
        .forEach(b -> {
          DeploymentResolution resolution = new DeploymentResolution(b.name(), b, library, problems, true);
          resolution.prepare();
          resolution.checkLibraryWeights();
        });
    checkNamedSlas(library, problems);
    deployments.forEach(DeploymentResolution::prepare);

    List<GatewayDraft> drafts = new ArrayList<>();
    deployments.forEach(d -> drafts.addAll(d.gateways()));
    library.all(Kind.GATEWAY).values().stream().map(GatewayArtifact.class::cast)
        .sorted(Comparator.comparing(GatewayArtifact::name))
        .forEach(g -> standalone(g, library, deployments, problems).ifPresent(drafts::add));

    Map<String, Integer> ports = new PortAssigner(context, problems).assign(drafts);
    Map<String, GatewayDraft> byName = new LinkedHashMap<>();
    drafts.forEach(d -> byName.put(d.name(), d));
    checkChains(byName, problems);

    List<Workload> workloads = new ArrayList<>();
    for (DeploymentResolution deployment : deployments) {
      workloads.addAll(deployment.workloads(context.gatewayHost(), ports));
    }
    List<Gateway> gateways = new ArrayList<>();
    for (GatewayDraft draft : drafts) {
      settle(draft, ports, problems).ifPresent(gateways::add);
    }
    checkVirtualHosts(gateways, byName, problems);
    if (!problems.isEmpty()) {
      return new ResolveResult(Optional.empty(), problems.sorted());
    }
    return new ResolveResult(Optional.of(new DesiredState(workloads, gateways)), List.of());
  }

  /** Named SLAs and escalations are checked even when no cluster uses them. */
  private static void checkNamedSlas(Library library, Problems problems) {
    library.all(Kind.SLA).values().stream().map(io.vamp.model.artifact.Sla.class::cast)
        .sorted(Comparator.comparing(io.vamp.model.artifact.Sla::name))
        .forEach(sla -> checkEscalationRefs(sla.escalations(), "escalations", library, problems, new HashSet<>()));
    library.all(Kind.ESCALATION).values().stream().map(io.vamp.model.artifact.Escalation.class::cast)
        .sorted(Comparator.comparing(io.vamp.model.artifact.Escalation::name))
        .forEach(e -> {
          Set<String> visiting = new HashSet<>(Set.of(e.name()));
          checkEscalationRefs(members(e.action()), e.action() instanceof io.vamp.model.artifact.Escalation.ToAll
              ? "to_all.escalations" : "to_one.escalations", library, problems, visiting);
        });
  }

  private static List<Ref<io.vamp.model.artifact.Escalation>> members(io.vamp.model.artifact.Escalation.Action action) {
    if (action instanceof io.vamp.model.artifact.Escalation.ToAll all) {
      return all.escalations();
    }
    if (action instanceof io.vamp.model.artifact.Escalation.ToOne one) {
      return one.escalations();
    }
    return List.of();
  }

  private static void checkEscalationRefs(List<Ref<io.vamp.model.artifact.Escalation>> refs, String path,
      Library library, Problems problems, Set<String> visiting) {
    for (int i = 0; i < refs.size(); i++) {
      Ref<io.vamp.model.artifact.Escalation> ref = refs.get(i);
      String itemPath = path + "[" + i + "]";
      if (ref instanceof Ref.Named<io.vamp.model.artifact.Escalation> && !visiting.add(ref.name())) {
        problems.add(ref.position(), itemPath, "escalation '" + ref.name() + "' includes itself");
        continue;
      }
      library.resolve(ref, Kind.ESCALATION, io.vamp.model.artifact.Escalation.class, itemPath).ifPresent(e ->
          checkEscalationRefs(members(e.action()), itemPath, library, problems, visiting));
      if (ref instanceof Ref.Named<io.vamp.model.artifact.Escalation>) {
        visiting.remove(ref.name());
      }
    }
  }

  private Optional<Blueprint> merged(Deployment deployment, Library library, Set<String> used) {
    List<Blueprint> parts = new ArrayList<>();
    boolean complete = true;
    Set<String> named = new HashSet<>();
    for (int i = 0; i < deployment.blueprints().size(); i++) {
      Ref<Blueprint> ref = deployment.blueprints().get(i);
      if (ref instanceof Ref.Named<Blueprint>) {
        named.add(ref.name());
      }
      Optional<Blueprint> blueprint = library.resolve(ref, Kind.BLUEPRINT, Blueprint.class, "blueprints[" + i + "]");
      blueprint.ifPresent(parts::add);
      complete &= blueprint.isPresent();
    }
    if (!complete) {
      // the deployment cannot be resolved: its blueprints are checked on their own instead
      return Optional.empty();
    }
    used.addAll(named);
    parts.add(deployment.body());
    return Optional.of(Merger.merge(deployment.name(), parts));
  }

  /** A standalone gateway: routes to gateways, deployment ports and [host:port] targets. */
  private Optional<GatewayDraft> standalone(GatewayArtifact artifact, Library library,
      List<DeploymentResolution> deployments, Problems problems) {
    GatewaySpec spec = artifact.spec();
    Optional<Integer> port = spec.port().map(p -> p.substring(0, p.indexOf('/'))).filter(p -> !p.isEmpty())
        .map(Integer::parseInt);
    Protocol protocol = spec.port().flatMap(p -> Protocol.parse(p.substring(p.indexOf('/') + 1))).orElse(Protocol.HTTP);
    String path = "routes";
    List<GatewayDraft.RouteDraft> routes = new ArrayList<>();
    for (RouteSpec route : spec.routes()) {
      String routePath = path + "." + route.target();
      if (artifact.selector().isPresent()) {
        // a selector gateway's routes are made from what runs: 'routes' names them to set their weights
        if (route.weight().isEmpty()) {
          problems.add(route.position(), routePath + ".weight", "route '" + route.target() + "' of selector"
              + " gateway '" + artifact.name() + "' needs a weight: it sets the weight of the route the selector"
              + " makes under that name (routes it does not name share what is left)");
          continue;
        }
        condition(route, library, problems, routePath).ifPresent(condition -> routes.add(new GatewayDraft.RouteDraft(
            route.target(), new RouteTarget.Selected(List.of()), route.weight(), condition, route.conditionStrength(),
            route.rewrites(), route.balance(), route.position(), routePath)));
        continue;
      }
      Optional<RouteTarget> target = target(route.target(), deployments, library, artifact.name());
      if (target.isEmpty()) {
        problems.add(route.position(), routePath, "unresolved route target '" + route.target()
            + "': expected a gateway name, deployment/port, deployment/cluster/port, deployment/cluster/service/port"
            + " or [host:port]");
        continue;
      }
      condition(route, library, problems, routePath).ifPresent(condition -> routes.add(new GatewayDraft.RouteDraft(
          route.target(), target.get(), route.weight(), condition, route.conditionStrength(), route.rewrites(),
          route.balance(), route.position(), routePath)));
    }
    checkHttpOnly(protocol, spec, artifact.name(), problems, "");
    return Optional.of(new GatewayDraft(artifact.name(), Gateway.GatewayKind.STANDALONE, port, protocol,
        spec.sticky(), spec.virtualHosts(), routes, Optional.empty(), artifact.selector(), artifact.position(), "routes"));
  }

  private static Optional<RouteTarget> target(String text, List<DeploymentResolution> deployments, Library library,
      String self) {
    Matcher external = EXTERNAL.matcher(text);
    if (external.matches()) {
      return Optional.of(new RouteTarget.External(external.group(1), Integer.parseInt(external.group(2))));
    }
    String[] parts = text.split("/");
    Optional<DeploymentResolution> deployment = parts.length >= 2
        ? deployments.stream().filter(d -> d.name().equals(parts[0])).findFirst() : Optional.empty();
    switch (parts.length) {
      case 1:
        return library.find(Kind.GATEWAY, text, GatewayArtifact.class).filter(g -> !g.name().equals(self))
            .map(g -> new RouteTarget.GatewayPort(g.name()));
      case 2:
        return deployment.flatMap(d -> d.gateways().stream().filter(g -> g.name().equals(text)).findFirst())
            .map(g -> new RouteTarget.GatewayPort(g.name()));
      case 3:
        return deployment.flatMap(d -> d.gateways().stream().filter(g -> g.name().equals(text)).findFirst())
            .map(g -> new RouteTarget.GatewayPort(g.name()));
      case 4:
        WorkloadId id = new WorkloadId(parts[0], parts[1], parts[2]);
        return deployment.filter(d -> d.hasPort(id, parts[3])).map(d -> new RouteTarget.ServicePort(id, parts[3]));
      default:
        return Optional.empty();
    }
  }

  /** The condition of a route, parsed; a named condition must exist. Empty outer optional: a problem. */
  static Optional<Optional<Condition>> condition(RouteSpec route, Library library, Problems problems, String path) {
    if (route.condition().isEmpty()) {
      return Optional.of(Optional.empty());
    }
    return library.resolve(route.condition().get(), Kind.CONDITION, ConditionArtifact.class, path + ".condition")
        .map(c -> Optional.of(c.parsed()));
  }

  static void checkHttpOnly(Protocol protocol, GatewaySpec spec, String gateway, Problems problems, String path) {
    if (protocol != Protocol.TCP) {
      return;
    }
    if (spec.sticky().isPresent()) {
      problems.add(spec.position(), path.isEmpty() ? "sticky" : path + ".sticky", "gateway '" + gateway
          + "' is tcp: stickiness needs http");
    }
    for (RouteSpec route : spec.routes()) {
      String routePath = (path.isEmpty() ? "routes." : path + ".routes.") + route.target();
      if (route.condition().isPresent()) {
        problems.add(route.position(), routePath + ".condition", "gateway '" + gateway
            + "' is tcp: conditions need http");
      }
      if (!route.rewrites().isEmpty()) {
        problems.add(route.position(), routePath + ".rewrites", "gateway '" + gateway
            + "' is tcp: rewrites need http");
      }
    }
  }

  private Optional<Gateway> settle(GatewayDraft draft, Map<String, Integer> ports, Problems problems) {
    Optional<List<Integer>> weights = draft.selector().isPresent()
        ? Weights.named(draft.routes(), draft, problems)
        : Weights.settle(draft.routes(), draft, problems);
    Integer port = ports.get(draft.name());
    if (weights.isEmpty() || port == null) {
      return Optional.empty();
    }
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < draft.routes().size(); i++) {
      GatewayDraft.RouteDraft r = draft.routes().get(i);
      int strength = r.conditionStrength().orElse(r.condition().isPresent() ? 100 : 0);
      if (r.conditionStrength().isPresent() && r.condition().isEmpty() && r.conditionStrength().get() > 0) {
        problems.add(r.position(), r.path() + ".condition_strength", "condition_strength without a condition");
      }
      routes.add(new Route(r.name(), r.target(), weights.get().get(i), r.condition(), strength, r.rewrites(),
          r.balance().orElse(Balance.defaultFor(draft.protocol()))));
    }
    List<String> hosts = new ArrayList<>(draft.virtualHosts());
    context.virtualHostDomain().ifPresent(domain -> hosts.addAll(automaticHosts(draft, domain)));
    return Optional.of(new Gateway(draft.name(), draft.kind(), port, draft.protocol(), draft.sticky(), hosts, routes,
        draft.deployment(), draft.selector()));
  }

  /**
   * Vamp's automatic virtual hosts: the gateway's name with its parts reversed, under the domain
   * ({@code 9050.deployment.vamp}, {@code web.cluster.deployment.vamp}), for the names that make valid host names.
   */
  private static List<String> automaticHosts(GatewayDraft draft, String domain) {
    List<String> hosts = new ArrayList<>();
    if (draft.protocol() != Protocol.HTTP) {
      return hosts;
    }
    String[] parts = draft.name().split("/");
    String host = switch (draft.kind()) {
      case STANDALONE -> draft.name() + "." + domain;
      case EXTERNAL -> parts[1] + "." + parts[0] + "." + domain;
      case INTERNAL -> parts[2] + "." + parts[1] + "." + parts[0] + "." + domain;
    };
    String normalized = host.toLowerCase(java.util.Locale.ROOT).replace(':', '-').replace('_', '-');
    if (io.vamp.model.read.Names.host(normalized).isEmpty()) {
      hosts.add(normalized);
    }
    return hosts;
  }

  /** Gateways routing to gateways must not loop. */
  private static void checkChains(Map<String, GatewayDraft> gateways, Problems problems) {
    Map<String, Integer> state = new HashMap<>();
    for (String name : gateways.keySet()) {
      visit(name, gateways, state, new ArrayList<>(), problems);
    }
  }

  private static void visit(String name, Map<String, GatewayDraft> gateways, Map<String, Integer> state,
      List<String> trail, Problems problems) {
    Integer seen = state.get(name);
    if (seen != null && seen == 2) {
      return;
    }
    GatewayDraft draft = gateways.get(name);
    if (seen != null || draft == null) {
      if (seen != null && draft != null) {
        List<String> cycle = new ArrayList<>(trail.subList(trail.indexOf(name), trail.size()));
        cycle.add(name);
        problems.add(draft.position(), draft.path(), "gateways route to each other in a loop: "
            + String.join(" -> ", cycle));
      }
      return;
    }
    state.put(name, 1);
    trail.add(name);
    for (GatewayDraft.RouteDraft route : draft.routes()) {
      if (route.target() instanceof RouteTarget.GatewayPort next) {
        visit(next.gateway(), gateways, state, trail, problems);
      }
    }
    trail.remove(trail.size() - 1);
    state.put(name, 2);
  }

  private static void checkVirtualHosts(List<Gateway> gateways, Map<String, GatewayDraft> drafts, Problems problems) {
    Map<String, String> owner = new HashMap<>();
    for (Gateway gateway : gateways) {
      for (String host : gateway.virtualHosts()) {
        String first = owner.putIfAbsent(host, gateway.name());
        if (first != null) {
          GatewayDraft draft = drafts.get(gateway.name());
          problems.add(draft.position(), draft.path(), "virtual host '" + host + "' is used by gateway '" + first
              + "' and by '" + gateway.name() + "'");
        }
      }
    }
  }
}
