package io.vamp.driver.sql;

import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerContract;
import io.vamp.testing.PostgresServer;
import io.vamp.testing.Servers;

/**
 * The contract against a real PostgreSQL started by the harness: every test gets a database of its own,
 * made for it ({@code ledger_pg_<n>}), and the schema is migrated into it by the ledger.
 */
class PostgresLedgerIT extends LedgerContract {
  private final PostgresServer postgres = Servers.postgres();
  private String url;

  @Override
  protected Ledger newLedger() {
    url = postgres.createDatabase(ServerDatabases.fresh("ledger_pg"));
    return ServerDatabases.open(url, postgres.user(), postgres.password());
  }

  @Override
  protected Ledger reopen() {
    return ServerDatabases.open(url, postgres.user(), postgres.password());
  }
}
