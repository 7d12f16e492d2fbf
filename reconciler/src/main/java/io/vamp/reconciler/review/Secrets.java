package io.vamp.reconciler.review;

import io.vamp.driver.spi.ledger.SecretMasking;

/**
 * Names whose values must not be shown in a review, which is posted where many can read it: the same
 * rule the ledger masks by.
 */
final class Secrets {
  private Secrets() {}

  /** Whether a variable, argument or setting of this name probably holds a secret. */
  static boolean looksSecret(String name) {
    return SecretMasking.looksSecret(name);
  }
}
