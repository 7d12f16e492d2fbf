package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.Objects;

/** A value others can reference ({@code $cluster.constants.NAME}) that is not injected. */
public record Constant(String name, String value, Position position) {
  public Constant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }
}
