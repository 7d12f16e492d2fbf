package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.Objects;
import java.util.Optional;

/**
 * An environment variable: {@code NAME: value}, {@code NAME: ~} (a placeholder that a higher scope
 * must fill), {@code name[ALIAS]: value} (injected under the alias), or, in a blueprint's top-level
 * scope, {@code cluster.NAME: value} (for every service of that cluster).
 *
 * @param cluster the cluster scope, when written as {@code cluster.NAME}
 * @param value absent for a placeholder
 */
public record EnvironmentVariable(
    Optional<String> cluster, String name, Optional<String> alias, Optional<String> value, Position position) {

  public EnvironmentVariable {
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(position, "position");
  }

  public boolean placeholder() {
    return value.isEmpty();
  }

  /** The name the process sees. */
  public String injectedName() {
    return alias.orElse(name);
  }

  /** The key as written in the DSL. */
  public String dslKey() {
    return cluster.map(c -> c + ".").orElse("") + name + alias.map(a -> "[" + a + "]").orElse("");
  }
}
