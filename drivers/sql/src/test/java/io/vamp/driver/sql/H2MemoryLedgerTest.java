package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerContract;
import io.vamp.driver.spi.ledger.LedgerFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The contract against an in-memory H2 database reached through the {@code sql} factory by URL, with
 * credentials from the settings. The database outlives its ledger ({@code DB_CLOSE_DELAY=-1}) so it
 * can be reopened; all of them are dropped after the class.
 */
class H2MemoryLedgerTest extends LedgerContract {
  private static final Map<String, String> CREDENTIALS = Map.of("user", "vamp", "password", "contract-pw");

  private String url;

  @BeforeEach
  void freshDatabase() {
    url = "jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    H2Databases.track(url, CREDENTIALS);
  }

  @AfterAll
  static void dropDatabases() {
    H2Databases.dropAll();
  }

  @Override
  protected Ledger newLedger() {
    return open();
  }

  @Override
  protected Ledger reopen() {
    return open();
  }

  private Ledger open() {
    return Drivers.find(LedgerFactory.class, "sql")
        .create(new DriverConfig("contract", Path.of("unused"), Optional.of(URI.create(url)), CREDENTIALS));
  }
}
