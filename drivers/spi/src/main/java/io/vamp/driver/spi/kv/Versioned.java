package io.vamp.driver.spi.kv;

import java.util.Objects;

/** A value and the version it was written at. */
public record Versioned(String value, long version) {
  public Versioned {
    Objects.requireNonNull(value, "value");
    if (version <= 0) {
      throw new IllegalArgumentException("a stored value has a positive version");
    }
  }
}
