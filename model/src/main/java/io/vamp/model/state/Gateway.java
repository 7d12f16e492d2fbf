package io.vamp.model.state;

import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Sticky;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A resolved gateway: a port on every gateway agent and the routes behind it.
 *
 * @param name {@code deployment/cluster/port} (internal), {@code deployment/port} (external of a
 *     deployment) or the artifact's name (standalone)
 * @param deployment the deployment an internal or external gateway belongs to
 * @param selector for a standalone gateway whose routes come from scheduler labels
 */
public record Gateway(
    String name,
    GatewayKind kind,
    int port,
    Protocol protocol,
    Optional<Sticky> sticky,
    List<String> virtualHosts,
    List<Route> routes,
    Optional<String> deployment,
    Optional<String> selector) implements Comparable<Gateway> {

  public enum GatewayKind { INTERNAL, EXTERNAL, STANDALONE }

  public Gateway {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(sticky, "sticky");
    virtualHosts = virtualHosts.stream().distinct().sorted().toList();
    routes = List.copyOf(routes);
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(selector, "selector");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("gateway port out of range: " + port);
    }
  }

  public Optional<Route> route(String routeName) {
    return routes.stream().filter(r -> r.name().equals(routeName)).findFirst();
  }

  @Override
  public int compareTo(Gateway other) {
    return name.compareTo(other.name);
  }
}
