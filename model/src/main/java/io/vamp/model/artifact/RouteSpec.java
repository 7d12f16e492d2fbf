package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A route as written in a gateway: the target (a service name inside a cluster gateway; a gateway or
 * {@code deployment/cluster/port} path or {@code [host:port]} in a standalone gateway) and how
 * traffic reaches it.
 *
 * @param weight percent of the traffic, absent when the route leaves it to the merge rules
 * @param conditionStrength percent of the requests matching the condition that take this route
 */
public record RouteSpec(
    String target,
    Optional<Integer> weight,
    Optional<Ref<ConditionArtifact>> condition,
    Optional<Integer> conditionStrength,
    List<Rewrite> rewrites,
    Optional<Balance> balance,
    Position position) {

  public RouteSpec {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(weight, "weight");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(conditionStrength, "conditionStrength");
    rewrites = List.copyOf(rewrites);
    Objects.requireNonNull(balance, "balance");
    Objects.requireNonNull(position, "position");
  }

  public RouteSpec withWeight(int percent) {
    return new RouteSpec(target, Optional.of(percent), condition, conditionStrength, rewrites, balance, position);
  }

  /** This route with the fields {@code override} sets replacing its own (used when merging). */
  public RouteSpec overriddenBy(RouteSpec override) {
    return new RouteSpec(target,
        override.weight.or(() -> weight),
        override.condition.or(() -> condition),
        override.conditionStrength.or(() -> conditionStrength),
        override.rewrites.isEmpty() ? rewrites : override.rewrites,
        override.balance.or(() -> balance),
        override.position);
  }
}
