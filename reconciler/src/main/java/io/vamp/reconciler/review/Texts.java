package io.vamp.reconciler.review;

import java.time.Duration;
import java.util.Locale;

/** Small text helpers shared by the renderings. */
final class Texts {
  static final String ARROW = " → ";

  private Texts() {}

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }

  /** {@code 1s}, {@code 1m30s}, {@code 250ms}, {@code 0s}. */
  static String duration(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = d.toHours();
    int minutes = d.toMinutesPart();
    int seconds = d.toSecondsPart();
    int millis = d.toMillisPart();
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (seconds > 0) {
      out.append(seconds).append('s');
    }
    if (millis > 0) {
      out.append(millis).append("ms");
    }
    return out.length() == 0 ? d.toString() : out.toString();
  }

  /** A free-text value in double quotes, with quotes, backslashes and control characters escaped. */
  static String quoted(String text) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code n thing} or {@code n things}. */
  static String count(int n, String singular) {
    return n + " " + singular + (n == 1 ? "" : "s");
  }

  static String pad(String text, int width) {
    return text.length() >= width ? text : text + " ".repeat(width - text.length());
  }

  /** Text with trailing spaces removed from every line (padding of the last column). */
  static String stripTrailing(String text) {
    return text.replaceAll("(?m)[ \\t]+$", "");
  }
}
