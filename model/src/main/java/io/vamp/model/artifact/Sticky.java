package io.vamp.model.artifact;

import java.util.Locale;
import java.util.Optional;

/** Gateway stickiness: keep a client on its route (version) or on its instance, by cookie. HTTP only. */
public enum Sticky {
  ROUTE, INSTANCE;

  /** {@code route} or {@code instance}; {@code none} is represented by the absence of a value. */
  public static Optional<Sticky> parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "route" -> Optional.of(ROUTE);
      case "instance" -> Optional.of(INSTANCE);
      default -> Optional.empty();
    };
  }

  public String dsl() {
    return name().toLowerCase(Locale.ROOT);
  }
}
