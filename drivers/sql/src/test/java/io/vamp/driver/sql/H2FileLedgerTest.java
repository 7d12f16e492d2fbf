package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerContract;
import io.vamp.driver.spi.ledger.LedgerFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** The contract against the embedded default: {@code h2} with no URI, a file under the data directory. */
class H2FileLedgerTest extends LedgerContract {

  @TempDir
  Path data;

  @Override
  protected Ledger newLedger() {
    return open();
  }

  @Override
  protected Ledger reopen() {
    return open();
  }

  private Ledger open() {
    return Drivers.find(LedgerFactory.class, "h2")
        .create(new DriverConfig("contract", data, Optional.empty(), Map.of()));
  }
}
