package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import java.net.URI;

/**
 * {@code sql}: the ledger in the database a JDBC URL names: {@code jdbc:h2:}, {@code jdbc:postgresql:},
 * {@code jdbc:mariadb:}, {@code jdbc:mysql:} (through the MariaDB driver) or {@code jdbc:sqlserver:}.
 * Credentials come from the settings {@code user} and {@code password}, the pool size from
 * {@code pool-size} (default 4).
 */
public final class SqlLedgerFactory implements LedgerFactory {
  public static final String NAME = "sql";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Ledger create(DriverConfig config) {
    String url = config.uri().map(URI::toString).orElseThrow(() -> new DriverException(
        "the " + NAME + " ledger needs a jdbc: URL (e.g. jdbc:postgresql://db:5432/vamp); without one, use the "
            + H2LedgerFactory.NAME + " ledger, kept in the data directory", false));
    return SqlLedger.open(ConnectionSettings.of(url, config.settings()));
  }
}
