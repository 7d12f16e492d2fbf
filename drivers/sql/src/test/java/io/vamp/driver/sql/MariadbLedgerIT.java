package io.vamp.driver.sql;

import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerContract;
import io.vamp.testing.MariadbServer;
import io.vamp.testing.Servers;

/**
 * The contract against a real MariaDB started by the harness, through a {@code jdbc:mariadb:} URL: every
 * test gets a database of its own ({@code ledger_mariadb_<n>}).
 */
class MariadbLedgerIT extends LedgerContract {
  private final MariadbServer mariadb = Servers.mariadb();
  private String url;

  @Override
  protected Ledger newLedger() {
    url = mariadb.createDatabase(ServerDatabases.fresh("ledger_mariadb"));
    return ServerDatabases.open(url, mariadb.user(), mariadb.password());
  }

  @Override
  protected Ledger reopen() {
    return ServerDatabases.open(url, mariadb.user(), mariadb.password());
  }
}
