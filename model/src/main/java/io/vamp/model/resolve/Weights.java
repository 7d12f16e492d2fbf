package io.vamp.model.resolve;

import io.vamp.model.problem.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Route weights: routes that name no weight share what the others leave, equally (the first ones
 * get the remainder of the division, so the total is exact). The result totals 100, or 0 when every
 * route says 0 (traffic then goes only where conditions send it).
 */
final class Weights {
  private Weights() {}

  static Optional<List<Integer>> settle(List<GatewayDraft.RouteDraft> routes, GatewayDraft gateway,
      Problems problems) {
    int given = 0;
    int unnamed = 0;
    for (GatewayDraft.RouteDraft route : routes) {
      if (route.weight().isPresent()) {
        given += route.weight().get();
      } else {
        unnamed++;
      }
    }
    if (routes.isEmpty()) {
      return Optional.of(List.of());
    }
    if (given > 100) {
      problems.add(gateway.position(), gateway.path(), "route weights of gateway '" + gateway.name()
          + "' total " + given + "%: they must total 100% (or all be 0%)");
      return Optional.empty();
    }
    if (unnamed == 0 && given != 100 && given != 0) {
      problems.add(gateway.position(), gateway.path(), "route weights of gateway '" + gateway.name()
          + "' total " + given + "%: they must total 100% (or all be 0%)");
      return Optional.empty();
    }
    int rest = 100 - given;
    int share = unnamed == 0 ? 0 : rest / unnamed;
    int remainder = unnamed == 0 ? 0 : rest % unnamed;
    List<Integer> weights = new ArrayList<>();
    for (GatewayDraft.RouteDraft route : routes) {
      if (route.weight().isPresent()) {
        weights.add(route.weight().get());
      } else {
        weights.add(share + (remainder-- > 0 ? 1 : 0));
      }
    }
    return Optional.of(weights);
  }

  /**
   * The weights a selector gateway names for the routes its selector makes: each as given, together at
   * most 100% (the routes it does not name share the rest when they are made).
   */
  static Optional<List<Integer>> named(List<GatewayDraft.RouteDraft> routes, GatewayDraft gateway,
      Problems problems) {
    int given = routes.stream().mapToInt(r -> r.weight().orElse(0)).sum();
    if (given > 100) {
      problems.add(gateway.position(), gateway.path(), "route weights of selector gateway '" + gateway.name()
          + "' total " + given + "%: they must total at most 100% (the routes not named share the rest)");
      return Optional.empty();
    }
    return Optional.of(routes.stream().map(r -> r.weight().orElse(0)).toList());
  }
}
