package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.Objects;

/**
 * A breed's dependency: an alias and the breed it needs. A referenced name ending in {@code *}
 * matches every breed whose name starts with what comes before it.
 */
public record Dependency(String alias, Ref<Breed> breed, Position position) {
  public Dependency {
    Objects.requireNonNull(alias, "alias");
    Objects.requireNonNull(breed, "breed");
  }

  public boolean wildcard() {
    return breed instanceof Ref.Named<Breed> named && named.name().endsWith("*");
  }

  /** Whether a breed name satisfies this dependency. */
  public boolean matches(String breedName) {
    String wanted = breed.name();
    return wildcard() ? breedName.startsWith(wanted.substring(0, wanted.length() - 1)) : breedName.equals(wanted);
  }
}
