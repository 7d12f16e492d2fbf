package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A static description of something deployable: what runs, its ports, environment, constants,
 * dependencies on other breeds, scheduler arguments and health checks.
 *
 * @param healthChecks absent when the breed does not say (an empty list switches checks off)
 */
public record Breed(
    String name,
    Map<String, String> metadata,
    Deployable deployable,
    List<Port> ports,
    List<EnvironmentVariable> environmentVariables,
    List<Constant> constants,
    List<Dependency> dependencies,
    List<Argument> arguments,
    Optional<List<HealthCheck>> healthChecks,
    Position position) implements Artifact {

  public Breed {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(deployable, "deployable");
    ports = List.copyOf(ports);
    environmentVariables = List.copyOf(environmentVariables);
    constants = List.copyOf(constants);
    dependencies = List.copyOf(dependencies);
    arguments = List.copyOf(arguments);
    healthChecks = healthChecks.map(List::copyOf);
    Objects.requireNonNull(position, "position");
  }

  @Override
  public Kind kind() {
    return Kind.BREED;
  }

  public Optional<Port> port(String portName) {
    return ports.stream().filter(p -> p.name().equals(portName)).findFirst();
  }
}
