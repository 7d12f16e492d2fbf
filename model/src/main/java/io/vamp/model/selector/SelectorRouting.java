package io.vamp.model.selector;

import io.vamp.model.artifact.Balance;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.WorkloadId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Makes the routes of a selector gateway from the workloads a selector is evaluated against. Pure and
 * deterministic: the same gateway and targets (in any order) give the same routes.
 *
 * <ul>
 *   <li>One route per route name ({@link Selection#routeName()}: the captured texts joined by {@code -},
 *       or the workload's id when the selector captures nothing), sorted by name. A name that is not
 *       1-128 of {@code A-Z a-z 0-9 . _ : / -} (starting with a letter or digit) is replaced by
 *       {@code route-<12 hex digits of its SHA-256>}, and a note says so.</li>
 *   <li>A route targets the workload ports its selections name ({@link RouteTarget.Selected}); all of a
 *       port's instances when every instance of the workload was selected for it (or the workload was
 *       considered without instances), otherwise only the selected instances (a selector testing
 *       {@code ip()}).</li>
 *   <li>Weights: a route the gateway names in its {@code routes} keeps that route's weight, condition,
 *       condition strength, rewrites and balance. The routes it does not name share what the named ones
 *       leave, equally (the first ones by name get the remainder of the division); so once the named
 *       weights total 100%, a new version gets 0% until someone gives it some, as in Vamp. When every
 *       route is named and those present total between 0% and 100% (a named one is not running), they
 *       are scaled to total 100%.</li>
 *   <li>No selection: the gateway has no routes, and a note says the selector matched nothing.</li>
 * </ul>
 */
public final class SelectorRouting {

  private static final Pattern ROUTE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private SelectorRouting() {}

  /** A gateway with its routes made, and what a person should know about how they were made. */
  public record Routed(Gateway gateway, List<String> notes) {
    public Routed {
      java.util.Objects.requireNonNull(gateway, "gateway");
      notes = List.copyOf(notes);
    }
  }

  /** The gateway with its routes made from {@code targets}; a gateway without a selector as it is. */
  public static Routed route(Gateway gateway, Collection<SelectorTarget> targets) {
    if (gateway.selector().isEmpty()) {
      return new Routed(gateway, List.of());
    }
    List<String> notes = new ArrayList<>();
    SelectorParseResult parsed = SelectorParser.parse(gateway.selector().get());
    if (parsed instanceof SelectorParseResult.Failed failed) {
      notes.add("selector does not parse (" + failed.errors().get(0).message() + "): the gateway has no routes");
      return new Routed(withRoutes(gateway, List.of()), notes);
    }
    Selector selector = parsed.orElseThrow();

    Map<WorkloadId, Set<String>> instancesOf = new TreeMap<>();
    targets.forEach(t -> t.instance().ifPresent(i ->
        instancesOf.computeIfAbsent(t.workload(), w -> new TreeSet<>()).add(i)));

    // route name -> workload port -> the instances selected for it ("" for a target without instances)
    SortedMap<String, SortedMap<RouteTarget.ServicePort, Set<String>>> picked = new TreeMap<>();
    Map<String, String> renamed = new TreeMap<>();
    List<SelectorTarget> ordered = targets.stream().sorted(Comparator
        .comparing(SelectorTarget::workload).thenComparing(t -> t.instance().orElse(""))).toList();
    for (SelectorTarget target : ordered) {
      for (Selection selection : selector.select(target.candidate())) {
        String name = usableName(selection.routeName(), renamed);
        RouteTarget.ServicePort port = new RouteTarget.ServicePort(target.workload(),
            target.portNames().get(selection.portIndex()));
        picked.computeIfAbsent(name, n -> new TreeMap<>(Comparator.comparing(RouteTarget.ServicePort::workload)
                .thenComparing(RouteTarget.ServicePort::port)))
            .computeIfAbsent(port, p -> new TreeSet<>()).add(target.instance().orElse(""));
      }
    }
    renamed.forEach((captured, name) -> notes.add("captured '" + printable(captured)
        + "' is not a usable route name: the route is named '" + name + "'"));

    Map<String, Route> named = new LinkedHashMap<>();
    gateway.routes().forEach(r -> named.put(r.name(), r));
    named.keySet().stream().filter(n -> !picked.containsKey(n)).forEach(n -> notes.add("route '" + n
        + "' named in the gateway matches nothing that runs and is ready: it has no route"));
    if (picked.isEmpty()) {
      notes.add("selector " + gateway.selector().get() + " matches nothing that runs and is ready:"
          + " the gateway has no routes");
      return new Routed(withRoutes(gateway, List.of()), notes);
    }

    List<String> names = new ArrayList<>(picked.keySet());
    List<Integer> weights = weights(names, named, notes);
    List<Route> routes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      RouteTarget.Selected target = new RouteTarget.Selected(members(picked.get(name), instancesOf));
      Route template = named.get(name);
      routes.add(template == null
          ? new Route(name, target, weights.get(i), Optional.empty(), 0, List.of(), Balance.defaultFor(gateway.protocol()))
          : new Route(name, target, weights.get(i), template.condition(), template.conditionStrength(),
              template.rewrites(), template.balance()));
    }
    return new Routed(withRoutes(gateway, routes), notes);
  }

  private static List<RouteTarget.Selected.Member> members(SortedMap<RouteTarget.ServicePort, Set<String>> ports,
      Map<WorkloadId, Set<String>> instancesOf) {
    List<RouteTarget.Selected.Member> members = new ArrayList<>();
    ports.forEach((port, instances) -> {
      if (instances.contains("") || instances.equals(instancesOf.get(port.workload()))) {
        members.add(new RouteTarget.Selected.Member(port.workload(), port.port(), Optional.empty()));
      } else {
        instances.forEach(i -> members.add(new RouteTarget.Selected.Member(port.workload(), port.port(),
            Optional.of(i))));
      }
    });
    return members;
  }

  private static List<Integer> weights(List<String> names, Map<String, Route> named, List<String> notes) {
    int given = 0;
    int unnamed = 0;
    for (String name : names) {
      Route template = named.get(name);
      if (template == null) {
        unnamed++;
      } else {
        given += template.weight();
      }
    }
    List<Integer> weights = new ArrayList<>();
    if (unnamed > 0) {
      int rest = Math.max(0, 100 - given);
      int share = rest / unnamed;
      int remainder = rest % unnamed;
      for (String name : names) {
        Route template = named.get(name);
        weights.add(template != null ? template.weight() : share + (remainder-- > 0 ? 1 : 0));
      }
      return weights;
    }
    if (given == 0 || given == 100) {
      names.forEach(n -> weights.add(named.get(n).weight()));
      return weights;
    }
    // every route is named, some named one is missing: scale what is present to 100%
    int total = 0;
    for (String name : names) {
      int scaled = named.get(name).weight() * 100 / given;
      weights.add(scaled);
      total += scaled;
    }
    for (int i = 0; total < 100; i = (i + 1) % weights.size()) {
      if (weights.get(i) > 0) {
        weights.set(i, weights.get(i) + 1);
        total++;
      }
    }
    notes.add("the weights of the routes present total " + given + "%: scaled to total 100%");
    return weights;
  }

  private static String usableName(String captured, Map<String, String> renamed) {
    if (ROUTE_NAME.matcher(captured).matches()) {
      return captured;
    }
    String name = "route-" + sha256(captured).substring(0, 12);
    renamed.put(captured, name);
    return name;
  }

  private static Gateway withRoutes(Gateway g, List<Route> routes) {
    return new Gateway(g.name(), g.kind(), g.port(), g.protocol(), g.sticky(), g.virtualHosts(), routes,
        g.deployment(), g.selector());
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(64).forEach(c -> {
      if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return text.length() > 64 ? out + "..." : out.toString();
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
