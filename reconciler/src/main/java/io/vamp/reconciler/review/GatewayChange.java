package io.vamp.reconciler.review;

import io.vamp.model.state.Gateway;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A gateway added, changed or removed: its own fields that differ (port, protocol, sticky, virtual
 * hosts...) and every route before and after.
 *
 * @param notes what a reviewer should know about the gateway as head leaves it: how a selector gateway's
 *     routes were made from the declared workloads (e.g. that its selector matches nothing); empty for
 *     a removed gateway and for a gateway with fixed routes
 */
public record GatewayChange(String name, Change change, Optional<Gateway> before, Optional<Gateway> after,
    List<FieldChange> fields, List<RouteChange> routes, List<String> notes) {

  public GatewayChange {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    fields = List.copyOf(fields);
    routes = List.copyOf(routes);
    notes = List.copyOf(notes);
  }

  /** The gateway as it is after the change, or before it when removed. */
  public Gateway current() {
    return after.or(() -> before).orElseThrow();
  }

  /**
   * What changes, in a few words each, for the summary: {@code new}, {@code removed}, or e.g.
   * {@code weights change}, {@code route sava:1.2.0 added}.
   */
  public List<String> aspects() {
    if (change == Change.ADDED) {
      return List.of("new");
    }
    if (change == Change.REMOVED) {
      return List.of("removed");
    }
    Set<String> out = new LinkedHashSet<>();
    for (FieldChange field : fields) {
      out.add(field.field().replace('_', ' ') + " change" + (field.field().endsWith("s") ? "" : "s"));
    }
    for (RouteChange route : routes) {
      if (route.change() == Change.ADDED) {
        out.add("route " + route.name() + " added");
      } else if (route.change() == Change.REMOVED) {
        out.add("route " + route.name() + " removed");
      }
    }
    for (RouteChange.Aspect aspect : RouteChange.Aspect.values()) {
      if (routes.stream().anyMatch(r -> r.aspects().contains(aspect))) {
        out.add(switch (aspect) {
          case TARGET -> "targets change";
          case WEIGHT -> "weights change";
          case CONDITION -> "conditions change";
          case CONDITION_STRENGTH -> "condition strengths change";
          case BALANCE -> "balance changes";
          case REWRITES -> "rewrites change";
        });
      }
    }
    return List.copyOf(out);
  }
}
