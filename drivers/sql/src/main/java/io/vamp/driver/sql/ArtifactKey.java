package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverException;

/** An artifact's {@code kind/name} key split in two, each part within the ledger's column lengths. */
record ArtifactKey(String kind, String name) {
  static final String DEPLOYMENT = "deployment";
  static final String GATEWAY = "gateway";

  /** Splits at the first {@code /}; a key without a kind or a name, or too long, is refused. */
  static ArtifactKey of(String key) {
    int slash = key.indexOf('/');
    if (slash <= 0 || slash == key.length() - 1) {
      throw new DriverException("ledger: an artifact key is kind/name, not '" + key + "'", false);
    }
    return new ArtifactKey(bounded("artifact kind", key.substring(0, slash), SqlLedger.MAX_ARTIFACT_KIND),
        bounded("artifact name", key.substring(slash + 1), SqlLedger.MAX_ARTIFACT_NAME));
  }

  private static String bounded(String what, String value, int max) {
    if (value.length() > max) {
      throw new DriverException("ledger: a " + what + " may be at most " + max + " characters; this one has "
          + value.length() + ": " + value.substring(0, 40) + "...", false);
    }
    return value;
  }
}
