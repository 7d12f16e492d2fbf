package io.vamp.reconciler.review;

import io.vamp.model.artifact.Rewrite;
import io.vamp.model.condition.Condition;
import io.vamp.model.state.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A route of a gateway before and after; unchanged routes are kept too, for the whole picture. */
public record RouteChange(String name, Change change, Optional<Route> before, Optional<Route> after) {

  /** What about a route can differ, in the order shown. */
  public enum Aspect { TARGET, WEIGHT, CONDITION, CONDITION_STRENGTH, BALANCE, REWRITES }

  public RouteChange {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
  }

  static RouteChange between(String name, Optional<Route> before, Optional<Route> after) {
    RouteChange probe = new RouteChange(name, Change.UNCHANGED, before, after);
    boolean same = before.isPresent() && after.isPresent() && probe.aspects().isEmpty();
    return new RouteChange(name, Change.between(before, after, same), before, after);
  }

  /** The aspects that differ; empty unless both sides have the route. */
  public List<Aspect> aspects() {
    List<Aspect> out = new ArrayList<>();
    if (before.isEmpty() || after.isEmpty()) {
      return out;
    }
    Route b = before.get();
    Route a = after.get();
    if (!b.target().equals(a.target())) {
      out.add(Aspect.TARGET);
    }
    if (b.weight() != a.weight()) {
      out.add(Aspect.WEIGHT);
    }
    if (!conditionText(b).equals(conditionText(a))) {
      out.add(Aspect.CONDITION);
    }
    if (b.conditionStrength() != a.conditionStrength()) {
      out.add(Aspect.CONDITION_STRENGTH);
    }
    if (b.balance() != a.balance()) {
      out.add(Aspect.BALANCE);
    }
    if (!rewrites(b).equals(rewrites(a))) {
      out.add(Aspect.REWRITES);
    }
    return out;
  }

  /** The route's condition in canonical text, "" for none. */
  static String conditionText(Route route) {
    return route.condition().map(Condition::render).orElse("");
  }

  static String rewrites(Route route) {
    return String.join(", ", route.rewrites().stream().map(Rewrite::dsl).toList());
  }
}
