package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach the ledger's database: the JDBC URL, the dialect it implies, the credentials (from the
 * driver settings {@code user} and {@code password}, already read from files or the environment) and
 * the pool size (setting {@code pool-size}). Its {@link #toString()} shows no secret.
 */
record ConnectionSettings(String url, Dialect dialect, Optional<String> user, Optional<String> password,
    int poolSize) {

  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String POOL_SIZE = "pool-size";
  /** Enough for the daemon's one writer, the HTTP API's readers and the outbox drainer at once. */
  static final int DEFAULT_POOL_SIZE = 4;
  /** Flyway holds two connections while it migrates. */
  static final int MIN_POOL_SIZE = 2;

  ConnectionSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(dialect, "dialect");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (poolSize < MIN_POOL_SIZE) {
      throw new DriverException("the ledger's " + POOL_SIZE + " must be at least " + MIN_POOL_SIZE + ", not "
          + poolSize, false);
    }
  }

  /** Settings for a JDBC URL with the driver settings {@code user}, {@code password} and {@code pool-size}. */
  static ConnectionSettings of(String url, Map<String, String> settings) {
    if (!url.regionMatches(true, 0, "jdbc:", 0, 5)) {
      throw new DriverException("the ledger needs a jdbc: URL, not " + JdbcUrls.vendorOf(url), false);
    }
    return new ConnectionSettings(url, Dialect.of(url),
        Optional.ofNullable(settings.get(USER)), Optional.ofNullable(settings.get(PASSWORD)),
        poolSize(settings.get(POOL_SIZE)));
  }

  private static int poolSize(String text) {
    if (text == null) {
      return DEFAULT_POOL_SIZE;
    }
    try {
      return Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new DriverException("the ledger's " + POOL_SIZE + " must be a number, not '" + text + "'", false);
    }
  }

  /** The URL with any password in it masked, for logs and messages. */
  String redactedUrl() {
    return JdbcUrls.redacted(url);
  }

  @Override
  public String toString() {
    return "ConnectionSettings[url=" + redactedUrl() + ", dialect=" + dialect
        + ", user=" + (user.isPresent() ? "***" : "none") + ", password=" + (password.isPresent() ? "***" : "none")
        + ", poolSize=" + poolSize + "]";
  }
}
