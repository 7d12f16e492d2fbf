package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fresh databases on the real servers of the test harness, each named after the test class that asked
 * for it ({@code <prefix>_<n>}), and ledgers opened on them through the {@code sql} factory, with the
 * credentials in the settings as the daemon passes them.
 */
final class ServerDatabases {
  private static final AtomicInteger NEXT = new AtomicInteger();

  private ServerDatabases() {}

  /** A database name no other test of this JVM uses: the prefix names the class. */
  static String fresh(String prefix) {
    return prefix + "_" + NEXT.incrementAndGet();
  }

  static Ledger open(String url, String user, String password) {
    return Drivers.find(LedgerFactory.class, SqlLedgerFactory.NAME).create(new DriverConfig("contract",
        Path.of("unused"), Optional.of(URI.create(url)), Map.of("user", user, "password", password)));
  }
}
