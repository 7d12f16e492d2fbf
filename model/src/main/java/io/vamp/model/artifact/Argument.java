package io.vamp.model.artifact;

import java.util.Objects;

/** A scheduler argument, such as {@code privileged: true}. */
public record Argument(String key, String value) {
  public Argument {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }
}
