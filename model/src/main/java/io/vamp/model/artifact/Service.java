package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A breed placed in a cluster, with its scale and service-scope overrides.
 *
 * @param healthChecks absent when not set at this scope (an empty list switches checks off)
 */
public record Service(
    Ref<Breed> breed,
    Optional<Ref<Scale>> scale,
    List<EnvironmentVariable> environmentVariables,
    Optional<List<HealthCheck>> healthChecks,
    List<Argument> arguments,
    Dialects dialects,
    Position position) {

  public Service {
    Objects.requireNonNull(breed, "breed");
    Objects.requireNonNull(scale, "scale");
    environmentVariables = List.copyOf(environmentVariables);
    healthChecks = healthChecks.map(List::copyOf);
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(dialects, "dialects");
    Objects.requireNonNull(position, "position");
  }

  /** This service with what {@code later} sets replacing its own (a later blueprint in a merge). */
  public Service overriddenBy(Service later) {
    List<EnvironmentVariable> env = new java.util.ArrayList<>(environmentVariables);
    for (EnvironmentVariable v : later.environmentVariables) {
      env.removeIf(e -> e.name().equals(v.name()));
      env.add(v);
    }
    return new Service(
        later.breed instanceof Ref.Inline<Breed> ? later.breed : breed,
        later.scale.or(() -> scale),
        env,
        later.healthChecks.or(() -> healthChecks),
        later.arguments.isEmpty() ? arguments : later.arguments,
        dialects.overriddenBy(later.dialects),
        later.position);
  }
}
