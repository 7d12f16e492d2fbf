package io.vamp.reconciler.review;

import java.util.List;
import java.util.Locale;

/** Names whose values must not be shown in a review, which is posted where many can read it. */
final class Secrets {
  private static final List<String> WORDS =
      List.of("PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL");

  private Secrets() {}

  /** Whether a variable, argument or setting of this name probably holds a secret. */
  static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return WORDS.stream().anyMatch(upper::contains);
  }
}
