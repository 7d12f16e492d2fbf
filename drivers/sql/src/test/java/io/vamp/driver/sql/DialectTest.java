package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The vendor differences, spelled out: each is the whole of what the ledger sends differently. */
class DialectTest {
  private static final List<String> COLUMNS = List.of("revision", "seq", "type", "outcome");
  private static final List<String> KEYS = List.of("revision", "seq");

  @ParameterizedTest
  @CsvSource({
      "jdbc:h2:mem:x, H2",
      "jdbc:h2:file:/var/lib/vamp/ledger, H2",
      "JDBC:H2:mem:x, H2",
      "jdbc:postgresql://db:5432/vamp, POSTGRESQL",
      "jdbc:mariadb://db:3306/vamp, MYSQL",
      "jdbc:mysql://db:3306/vamp, MYSQL",
      "jdbc:sqlserver://db:1433;databaseName=vamp, SQLSERVER",
  })
  void theUrlChoosesTheDialect(String url, Dialect expected) {
    assertThat(Dialect.of(url)).isEqualTo(expected);
  }

  @Test
  void aVendorWithoutMigrationsIsRefusedNamingTheSupportedOnes() {
    assertThatThrownBy(() -> Dialect.of("jdbc:oracle:thin:@db:1521/vamp"))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("jdbc:oracle")
        .hasMessageContaining("jdbc:postgresql:")
        .hasMessageContaining("jdbc:sqlserver:");
  }

  @Test
  void eachDialectHasItsOwnMigrationsAndDriver() {
    assertThat(Dialect.H2.migrations()).isEqualTo("classpath:db/migration/h2");
    assertThat(Dialect.POSTGRESQL.migrations()).isEqualTo("classpath:db/migration/postgresql");
    assertThat(Dialect.MYSQL.migrations()).isEqualTo("classpath:db/migration/mysql");
    assertThat(Dialect.SQLSERVER.migrations()).isEqualTo("classpath:db/migration/sqlserver");
    for (Dialect dialect : Dialect.values()) {
      assertThat(dialect.driverClassName()).as("the driver of %s is on the class path", dialect)
          .satisfies(name -> Class.forName(name, false, getClass().getClassLoader()));
    }
  }

  @Test
  void mysqlUrlsAreLetThroughTheMariaDbDriver() {
    assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://db/vamp")).isEqualTo("jdbc:mysql://db/vamp?permitMysqlScheme");
    assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://db/vamp?sslMode=disable"))
        .isEqualTo("jdbc:mysql://db/vamp?sslMode=disable&permitMysqlScheme");
    assertThat(Dialect.MYSQL.driverUrl("jdbc:mysql://db/vamp?permitMysqlScheme")).isEqualTo("jdbc:mysql://db/vamp?permitMysqlScheme");
    assertThat(Dialect.MYSQL.driverUrl("jdbc:mariadb://db/vamp")).isEqualTo("jdbc:mariadb://db/vamp");
    assertThat(Dialect.POSTGRESQL.driverUrl("jdbc:postgresql://db/vamp")).isEqualTo("jdbc:postgresql://db/vamp");
  }

  @Test
  void upsertPerVendor() {
    assertThat(Dialect.H2.upsert("actions", COLUMNS, KEYS))
        .isEqualTo("MERGE INTO actions (revision, seq, type, outcome) KEY (revision, seq) VALUES (?, ?, ?, ?)");
    assertThat(Dialect.POSTGRESQL.upsert("actions", COLUMNS, KEYS))
        .isEqualTo("INSERT INTO actions (revision, seq, type, outcome) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (revision, seq) DO UPDATE SET type = EXCLUDED.type, outcome = EXCLUDED.outcome");
    assertThat(Dialect.MYSQL.upsert("actions", COLUMNS, KEYS))
        .isEqualTo("INSERT INTO actions (revision, seq, type, outcome) VALUES (?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE type = VALUES(type), outcome = VALUES(outcome)");
    assertThat(Dialect.SQLSERVER.upsert("actions", COLUMNS, KEYS))
        .isEqualTo("MERGE INTO actions WITH (HOLDLOCK) AS d USING (VALUES (?, ?, ?, ?)) AS s (revision, seq, type, outcome)"
            + " ON d.revision = s.revision AND d.seq = s.seq"
            + " WHEN MATCHED THEN UPDATE SET d.type = s.type, d.outcome = s.outcome"
            + " WHEN NOT MATCHED THEN INSERT (revision, seq, type, outcome) VALUES (s.revision, s.seq, s.type, s.outcome);");
  }

  @Test
  void insertIfAbsentPerVendor() {
    List<String> columns = List.of("digest", "content");
    List<String> keys = List.of("digest");
    assertThat(Dialect.H2.insertIfAbsent("artifact_content", columns, keys))
        .isEqualTo("MERGE INTO artifact_content AS d USING (VALUES (?, ?)) AS s (digest, content)"
            + " ON d.digest = s.digest WHEN NOT MATCHED THEN INSERT (digest, content) VALUES (s.digest, s.content)");
    assertThat(Dialect.POSTGRESQL.insertIfAbsent("artifact_content", columns, keys))
        .isEqualTo("INSERT INTO artifact_content (digest, content) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING");
    assertThat(Dialect.MYSQL.insertIfAbsent("artifact_content", columns, keys))
        .isEqualTo("INSERT INTO artifact_content (digest, content) VALUES (?, ?) ON DUPLICATE KEY UPDATE digest = digest");
    assertThat(Dialect.SQLSERVER.insertIfAbsent("artifact_content", columns, keys))
        .isEqualTo("MERGE INTO artifact_content WITH (HOLDLOCK) AS d USING (VALUES (?, ?)) AS s (digest, content)"
            + " ON d.digest = s.digest WHEN NOT MATCHED THEN INSERT (digest, content) VALUES (s.digest, s.content);");
  }

  @Test
  void limitPerVendor() {
    assertThat(Dialect.H2.limit()).isEqualTo("LIMIT ?");
    assertThat(Dialect.POSTGRESQL.limit()).isEqualTo("LIMIT ?");
    assertThat(Dialect.MYSQL.limit()).isEqualTo("LIMIT ?");
    assertThat(Dialect.SQLSERVER.limit()).isEqualTo("OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY");
  }

  @Test
  void onlyAnH2FileIsWrittenToDiskAfterEachCommit() {
    assertThat(Dialect.H2.persistStatement("jdbc:h2:file:/var/lib/vamp/ledger;AUTO_SERVER=TRUE")).contains("CHECKPOINT");
    assertThat(Dialect.H2.persistStatement("jdbc:h2:tcp://127.0.0.1:9092/ledger")).contains("CHECKPOINT");
    assertThat(Dialect.H2.persistStatement("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEmpty();
    assertThat(Dialect.POSTGRESQL.persistStatement("jdbc:postgresql://db/vamp")).isEmpty();
    assertThat(Dialect.MYSQL.persistStatement("jdbc:mysql://db/vamp")).isEmpty();
    assertThat(Dialect.SQLSERVER.persistStatement("jdbc:sqlserver://db")).isEmpty();
  }
}
