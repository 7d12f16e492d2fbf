package io.vamp.model.state;

import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.condition.Condition;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved route of a gateway.
 *
 * @param name the route's name inside its gateway (the service name, or the target as written)
 * @param weight percent of the traffic not taken by conditions, 0-100
 * @param conditionStrength percent of the requests matching {@code condition} sent here, 0-100
 */
public record Route(
    String name,
    RouteTarget target,
    int weight,
    Optional<Condition> condition,
    int conditionStrength,
    List<Rewrite> rewrites,
    Balance balance) {

  public Route {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(condition, "condition");
    rewrites = List.copyOf(rewrites);
    Objects.requireNonNull(balance, "balance");
    if (weight < 0 || weight > 100 || conditionStrength < 0 || conditionStrength > 100) {
      throw new IllegalArgumentException("weight and condition strength are percentages");
    }
  }
}
