package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Turns what JDBC, the pool and Flyway throw into {@link DriverException}s that say whether to retry. */
final class Failures {
  /** H2: the database file is locked by another process, which may be on its way out. */
  private static final int H2_DATABASE_IN_USE = 90020;
  /** H2: the connection to the process serving an {@code AUTO_SERVER} file broke (it exited). */
  private static final int H2_CONNECTION_BROKEN = 90067;
  /** H2: the database was closed because its JVM is exiting. */
  private static final int H2_CLOSED_AT_SHUTDOWN = 90121;

  private Failures() {}

  static DriverException of(String what, Throwable failure) {
    return new DriverException("ledger: " + what + ": " + describe(failure), failure, retryable(failure));
  }

  /**
   * Retrying may help when the server could not be reached or answered in time, or the transaction
   * lost a deadlock or a serialisation conflict; it cannot when the credentials, the SQL or the data
   * were refused.
   */
  static boolean retryable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
          || t instanceof ConnectException || t instanceof SocketTimeoutException
          || t instanceof UnknownHostException) {
        return true;
      }
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("08") || state.startsWith("40") || state.startsWith("HYT")
            || (state.startsWith("90") && (sql.getErrorCode() == H2_DATABASE_IN_USE
                || sql.getErrorCode() == H2_CONNECTION_BROKEN || sql.getErrorCode() == H2_CLOSED_AT_SHUTDOWN))) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * The transaction collided with another writer: a key it inserted was inserted first by someone
   * else (an integrity violation, SQLSTATE class 23), or it lost a deadlock or a serialisation
   * conflict (class 40). Running it again sees the other writer's rows.
   */
  static boolean lostARace(SQLException failure) {
    String state = failure.getSQLState() == null ? "" : failure.getSQLState();
    return state.startsWith("23") || state.startsWith("40");
  }

  /** The database's own words where there are some (the first SQLException), with no stack. */
  private static String describe(Throwable failure) {
    for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SQLException && t.getMessage() != null) {
        return t.getMessage();
      }
    }
    return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
  }
}
