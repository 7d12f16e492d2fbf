package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where the SQL vendors differ, and nothing else: which JDBC driver and migrations a URL gets, how to
 * insert-or-replace and insert-if-absent, and how to cap a result. Everything else the ledger sends
 * is the same text on every vendor.
 */
enum Dialect {

  H2("h2", "org.h2.Driver", "jdbc:h2:") {
    /**
     * H2 keeps committed changes in memory and writes them to the file in the background, up to
     * {@code WRITE_DELAY} (500 ms) later: a process killed in between loses transactions it had
     * acknowledged. {@code CHECKPOINT} writes them at once. ({@code WRITE_DELAY=0} does too, but stops
     * the background thread that also compacts the file: 10 times the size for the same rows.)
     */
    @Override
    Optional<String> persistStatement(String url) {
      return url.regionMatches(true, 0, "jdbc:h2:mem:", 0, 12) ? Optional.empty() : Optional.of("CHECKPOINT");
    }

    @Override
    String upsert(String table, List<String> columns, List<String> keys) {
      return "MERGE INTO " + table + " (" + join(columns) + ") KEY (" + join(keys) + ") VALUES ("
          + placeholders(columns) + ")";
    }

    @Override
    String insertIfAbsent(String table, List<String> columns, List<String> keys) {
      return mergeUsing(table, columns, keys, false);
    }
  },

  POSTGRESQL("postgresql", "org.postgresql.Driver", "jdbc:postgresql:") {
    @Override
    String upsert(String table, List<String> columns, List<String> keys) {
      return insert(table, columns) + " ON CONFLICT (" + join(keys) + ") DO UPDATE SET "
          + nonKeys(columns, keys).stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    }

    @Override
    String insertIfAbsent(String table, List<String> columns, List<String> keys) {
      return insert(table, columns) + " ON CONFLICT (" + join(keys) + ") DO NOTHING";
    }
  },

  /**
   * MySQL and MariaDB, both through one driver, MariaDB Connector/J: it speaks to MySQL servers too,
   * and {@code jdbc:mysql:} URLs work with it unchanged (see {@link #driverUrl}).
   */
  MYSQL("mysql", "org.mariadb.jdbc.Driver", "jdbc:mariadb:", "jdbc:mysql:") {
    @Override
    String upsert(String table, List<String> columns, List<String> keys) {
      // VALUES(c) is deprecated in MySQL 8.0.20+ but still works; the row alias that replaces it
      // is not understood by MariaDB.
      return insert(table, columns) + " ON DUPLICATE KEY UPDATE "
          + nonKeys(columns, keys).stream().map(c -> c + " = VALUES(" + c + ")").collect(Collectors.joining(", "));
    }

    @Override
    String insertIfAbsent(String table, List<String> columns, List<String> keys) {
      // not INSERT IGNORE: that would also turn real errors (a missing foreign key) into warnings
      return insert(table, columns) + " ON DUPLICATE KEY UPDATE " + keys.get(0) + " = " + keys.get(0);
    }

    @Override
    String driverUrl(String url) {
      // the MariaDB driver takes jdbc:mysql: URLs only when asked to
      if (!url.toLowerCase(Locale.ROOT).startsWith("jdbc:mysql:") || url.contains("permitMysqlScheme")) {
        return url;
      }
      return url + (url.contains("?") ? "&" : "?") + "permitMysqlScheme";
    }
  },

  SQLSERVER("sqlserver", "com.microsoft.sqlserver.jdbc.SQLServerDriver", "jdbc:sqlserver:") {
    @Override
    String upsert(String table, List<String> columns, List<String> keys) {
      return mergeUsing(table, columns, keys, true) + ";";
    }

    @Override
    String insertIfAbsent(String table, List<String> columns, List<String> keys) {
      return mergeUsing(table, columns, keys, false) + ";";
    }

    @Override
    String limit() {
      return "OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY";
    }

    @Override
    String lockHint() {
      return " WITH (HOLDLOCK)";
    }
  };

  private final String migrationFolder;
  private final String driverClassName;
  private final List<String> urlPrefixes;

  Dialect(String migrationFolder, String driverClassName, String... urlPrefixes) {
    this.migrationFolder = migrationFolder;
    this.driverClassName = driverClassName;
    this.urlPrefixes = List.of(urlPrefixes);
  }

  /** The dialect a JDBC URL asks for; a vendor the ledger has no migrations for is refused. */
  static Dialect of(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(d -> d.urlPrefixes.stream().anyMatch(lower::startsWith))
        .findFirst()
        .orElseThrow(() -> new DriverException("the ledger does not support " + JdbcUrls.vendorOf(url)
            + " URLs; it supports " + Arrays.stream(values()).flatMap(d -> d.urlPrefixes.stream())
                .collect(Collectors.joining(", ")), false));
  }

  /** The Flyway location of this vendor's migrations. */
  String migrations() {
    return "classpath:db/migration/" + migrationFolder;
  }

  String driverClassName() {
    return driverClassName;
  }

  /** The URL as the driver must see it. */
  String driverUrl(String url) {
    return url;
  }

  /** What to run after each commit so that it is on disk before the caller is told; none by default. */
  Optional<String> persistStatement(String url) {
    return Optional.empty();
  }

  /** Inserts a row, or replaces the non-key columns of the row with the same key. */
  abstract String upsert(String table, List<String> columns, List<String> keys);

  /** Inserts a row unless one with the same key exists, which is left as it is. */
  abstract String insertIfAbsent(String table, List<String> columns, List<String> keys);

  /** Appended after ORDER BY: keeps the first {@code ?} rows. */
  String limit() {
    return "LIMIT ?";
  }

  /** Said after the target table of a MERGE, so two writers cannot both insert. */
  String lockHint() {
    return "";
  }

  String mergeUsing(String table, List<String> columns, List<String> keys, boolean updateWhenMatched) {
    StringBuilder sql = new StringBuilder("MERGE INTO ").append(table).append(lockHint()).append(" AS d USING (VALUES (")
        .append(placeholders(columns)).append(")) AS s (").append(join(columns)).append(") ON ")
        .append(keys.stream().map(k -> "d." + k + " = s." + k).collect(Collectors.joining(" AND ")));
    if (updateWhenMatched) {
      sql.append(" WHEN MATCHED THEN UPDATE SET ")
          .append(nonKeys(columns, keys).stream().map(c -> "d." + c + " = s." + c).collect(Collectors.joining(", ")));
    }
    return sql.append(" WHEN NOT MATCHED THEN INSERT (").append(join(columns)).append(") VALUES (")
        .append(columns.stream().map(c -> "s." + c).collect(Collectors.joining(", "))).append(")").toString();
  }

  static String insert(String table, List<String> columns) {
    return "INSERT INTO " + table + " (" + join(columns) + ") VALUES (" + placeholders(columns) + ")";
  }

  private static List<String> nonKeys(List<String> columns, List<String> keys) {
    return columns.stream().filter(c -> !keys.contains(c)).toList();
  }

  private static String join(List<String> names) {
    return String.join(", ", names);
  }

  private static String placeholders(List<String> columns) {
    return columns.stream().map(c -> "?").collect(Collectors.joining(", "));
  }
}
