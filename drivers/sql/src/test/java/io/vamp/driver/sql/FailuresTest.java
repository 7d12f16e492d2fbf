package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailuresTest {

  @ParameterizedTest
  @CsvSource({
      "08001, 0, true", // cannot connect
      "08S01, 0, true", // communication link failure
      "40001, 0, true", // serialisation failure
      "40P01, 0, true", // PostgreSQL deadlock
      "HYT00, 0, true", // timeout
      "90020, 90020, true", // H2: the file is in use by another process
      "90067, 90067, true", // H2: the process serving an AUTO_SERVER file exited
      "90121, 90121, true", // H2: the database was closed because its JVM is exiting
      "23505, 0, false", // unique violation
      "23503, 0, false", // foreign key violation
      "28000, 0, false", // bad credentials
      "28P01, 0, false", // PostgreSQL bad password
      "42P01, 0, false", // no such table
      "22001, 0, false", // value too long
      "90001, 90001, false", // another H2 error
  })
  void theSqlStateSaysWhetherToRetry(String state, int code, boolean retryable) {
    assertThat(Failures.retryable(new SQLException("x", state, code))).isEqualTo(retryable);
    assertThat(Failures.retryable(new RuntimeException("wrapped", new SQLException("x", state, code))))
        .as("wrapped").isEqualTo(retryable);
  }

  @Test
  void transientExceptionsAndNetworkFailuresAreRetryable() {
    assertThat(Failures.retryable(new SQLTransientConnectionException("pool timed out"))).isTrue();
    assertThat(Failures.retryable(new RuntimeException(new ConnectException("refused")))).isTrue();
    assertThat(Failures.retryable(new SQLIntegrityConstraintViolationException("dup"))).isFalse();
    assertThat(Failures.retryable(new IllegalStateException("no cause"))).isFalse();
  }

  @Test
  void theMessageCarriesTheDatabasesOwnWords() {
    var failure = Failures.of("could not record revision abc",
        new RuntimeException("pool failed", new SQLException("Connection refused to 127.0.0.1:5", "08001")));

    assertThat(failure.getMessage()).isEqualTo("ledger: could not record revision abc: Connection refused to 127.0.0.1:5");
    assertThat(failure.retryable()).isTrue();
  }
}
