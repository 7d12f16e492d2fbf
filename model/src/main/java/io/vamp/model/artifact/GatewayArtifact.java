package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A standalone gateway: a stable port routing to deployment ports, other gateways or {@code [host:port]}
 * targets, or to whatever the scheduler reports under a {@code selector}.
 */
public record GatewayArtifact(
    String name,
    Map<String, String> metadata,
    GatewaySpec spec,
    Optional<String> selector,
    Position position) implements Artifact {

  public GatewayArtifact {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(position, "position");
  }

  @Override
  public Kind kind() {
    return Kind.GATEWAY;
  }
}
