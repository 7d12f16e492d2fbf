package io.vamp.model.artifact;

import java.util.Locale;
import java.util.Optional;

/** What a port speaks: HTTP (the default; conditions, stickiness, metrics) or plain TCP. */
public enum Protocol {
  HTTP, TCP;

  public static Optional<Protocol> parse(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "http" -> Optional.of(HTTP);
      case "tcp" -> Optional.of(TCP);
      default -> Optional.empty();
    };
  }

  public String dsl() {
    return name().toLowerCase(Locale.ROOT);
  }
}
