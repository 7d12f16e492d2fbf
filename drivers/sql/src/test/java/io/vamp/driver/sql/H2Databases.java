package io.vamp.driver.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** In-memory H2 databases made by tests: looked into with plain JDBC, and dropped at the end. */
final class H2Databases {
  private record Database(String url, Map<String, String> settings) {}

  private static final List<Database> TRACKED = new ArrayList<>();

  private H2Databases() {}

  static synchronized void track(String url, Map<String, String> settings) {
    TRACKED.add(new Database(url, settings));
  }

  static synchronized void dropAll() {
    for (Database database : TRACKED) {
      try (Connection c = connect(database.url(), database.settings()); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN");
      } catch (SQLException ignored) {
        // already gone
      }
    }
    TRACKED.clear();
  }

  static Connection connect(String url, Map<String, String> settings) throws SQLException {
    return DriverManager.getConnection(url + ";IFEXISTS=TRUE", settings.getOrDefault("user", ""),
        settings.getOrDefault("password", ""));
  }

  /** The single number a query returns. */
  static long count(String url, Map<String, String> settings, String sql) throws SQLException {
    try (Connection c = connect(url, settings); Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
