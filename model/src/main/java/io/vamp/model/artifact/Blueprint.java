package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An execution plan: clusters of services, external gateways onto cluster ports, cluster-scoped
 * environment variables ({@code cluster.NAME}) and dialects.
 */
public record Blueprint(
    String name,
    Map<String, String> metadata,
    List<GatewaySpec> gateways,
    List<Cluster> clusters,
    List<EnvironmentVariable> environmentVariables,
    Dialects dialects,
    Position position) implements Artifact {

  public Blueprint {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    gateways = List.copyOf(gateways);
    clusters = List.copyOf(clusters);
    environmentVariables = List.copyOf(environmentVariables);
    Objects.requireNonNull(dialects, "dialects");
    Objects.requireNonNull(position, "position");
  }

  @Override
  public Kind kind() {
    return Kind.BLUEPRINT;
  }

  public Optional<Cluster> cluster(String clusterName) {
    return clusters.stream().filter(c -> c.name().equals(clusterName)).findFirst();
  }
}
