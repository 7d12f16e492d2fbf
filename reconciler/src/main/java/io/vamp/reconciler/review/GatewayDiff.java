package io.vamp.reconciler.review;

import io.vamp.model.json.StateJson;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** How a gateway differs: its own fields, then its routes by name. */
final class GatewayDiff {
  private GatewayDiff() {}

  static Optional<GatewayChange> between(Optional<Gateway> before, Optional<Gateway> after) {
    return between(before, after, List.of());
  }

  /** The same, with head's notes on the gateway (kept only when the gateway is still there). */
  static Optional<GatewayChange> between(Optional<Gateway> before, Optional<Gateway> after, List<String> notes) {
    boolean same = before.isPresent() && after.isPresent()
        && StateJson.gateway(before.get()).equals(StateJson.gateway(after.get()));
    Change change = Change.between(before, after, same);
    if (change == Change.UNCHANGED) {
      return Optional.empty();
    }
    String name = after.or(() -> before).orElseThrow().name();
    List<FieldChange> fields = new ArrayList<>();
    if (change == Change.CHANGED) {
      Map<String, String> b = facts(before.get());
      Map<String, String> a = facts(after.get());
      a.forEach((key, value) -> {
        if (!value.equals(b.get(key))) {
          fields.add(FieldChange.of(key, "", Optional.of(b.get(key)), Optional.of(value), false));
        }
      });
    }
    TreeSet<String> routeNames = new TreeSet<>();
    before.ifPresent(g -> g.routes().forEach(r -> routeNames.add(r.name())));
    after.ifPresent(g -> g.routes().forEach(r -> routeNames.add(r.name())));
    List<RouteChange> routes = new ArrayList<>();
    for (String routeName : routeNames) {
      Optional<Route> b = before.flatMap(g -> g.route(routeName));
      Optional<Route> a = after.flatMap(g -> g.route(routeName));
      routes.add(RouteChange.between(routeName, b, a));
    }
    return Optional.of(new GatewayChange(name, change, before, after, fields, routes,
        after.isPresent() ? notes : List.of()));
  }

  /** A gateway's own fields as text, in the order shown; every gateway has every key. */
  static Map<String, String> facts(Gateway g) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("kind", Texts.lower(g.kind().name()));
    out.put("port", Integer.toString(g.port()));
    out.put("protocol", g.protocol().dsl());
    out.put("sticky", g.sticky().map(s -> s.dsl()).orElse("none"));
    out.put("virtual_hosts", g.virtualHosts().isEmpty() ? "none" : String.join(", ", g.virtualHosts()));
    out.put("deployment", g.deployment().orElse("none"));
    out.put("selector", g.selector().orElse("none"));
    return out;
  }
}
