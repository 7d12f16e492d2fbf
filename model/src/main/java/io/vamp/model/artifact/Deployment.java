package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What runs: a name, the blueprints merged into it in order (Vamp's merge: a later blueprint adds
 * clusters and services and updates the ones already there), and the deployment's own body merged
 * last (overrides such as route weights, scale, environment, or whole extra clusters).
 */
public record Deployment(
    String name,
    Map<String, String> metadata,
    List<Ref<Blueprint>> blueprints,
    Blueprint body,
    Position position) implements Artifact {

  public Deployment {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    blueprints = List.copyOf(blueprints);
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(position, "position");
  }

  @Override
  public Kind kind() {
    return Kind.DEPLOYMENT;
  }
}
