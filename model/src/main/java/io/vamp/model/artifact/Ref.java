package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.Objects;

/**
 * An artifact given inline or by name ({@code ref:} / {@code reference:} / a bare name where the DSL
 * allows that shorthand).
 */
public sealed interface Ref<T> permits Ref.Named, Ref.Inline {

  Position position();

  /** The name of the artifact referred to, or of the inline one. */
  String name();

  record Named<T>(String name, Position position) implements Ref<T> {
    public Named {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(position, "position");
    }
  }

  record Inline<T>(T value, String name, Position position) implements Ref<T> {
    public Inline {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(position, "position");
    }
  }
}
