package io.vamp.model.resolve;

import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.condition.Condition;
import io.vamp.model.problem.Position;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.RouteTarget;
import java.util.List;
import java.util.Optional;

/** A gateway before its port is assigned and its weights are settled. */
record GatewayDraft(
    String name,
    Gateway.GatewayKind kind,
    Optional<Integer> requestedPort,
    Protocol protocol,
    Optional<Sticky> sticky,
    List<String> virtualHosts,
    List<RouteDraft> routes,
    Optional<String> deployment,
    Optional<String> selector,
    Position position,
    String path) {

  /** A route before weights are shared out. */
  record RouteDraft(
      String name,
      RouteTarget target,
      Optional<Integer> weight,
      Optional<Condition> condition,
      Optional<Integer> conditionStrength,
      List<Rewrite> rewrites,
      Optional<Balance> balance,
      Position position,
      String path) {}
}
