package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The routing part shared by cluster gateways, a blueprint's external gateways and standalone gateway
 * artifacts: stickiness, virtual hosts and routes.
 *
 * @param port for cluster gateways the breed port name (absent: the cluster's only port or every
 *     port); for external and standalone gateways the port number as text with an optional
 *     protocol, e.g. {@code 9050/http} (absent on a standalone gateway: assigned from a range)
 */
public record GatewaySpec(
    Optional<String> port,
    Optional<Sticky> sticky,
    List<String> virtualHosts,
    List<RouteSpec> routes,
    Position position) {

  public GatewaySpec {
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(sticky, "sticky");
    virtualHosts = List.copyOf(virtualHosts);
    routes = List.copyOf(routes);
    Objects.requireNonNull(position, "position");
  }

  public Optional<RouteSpec> route(String target) {
    return routes.stream().filter(r -> r.target().equals(target)).findFirst();
  }
}
