package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerContract;
import io.vamp.testing.MariadbServer;
import io.vamp.testing.Servers;

/**
 * The contract against the same real MariaDB through a {@code jdbc:mysql:} URL, as a MySQL user writes
 * it: without {@code permitMysqlScheme}, which the ledger adds for the MariaDB driver. Every test gets a
 * database of its own ({@code ledger_mysql_<n>}).
 */
class MysqlUrlLedgerIT extends LedgerContract {
  private final MariadbServer mariadb = Servers.mariadb();
  private String url;

  @Override
  protected Ledger newLedger() {
    String database = ServerDatabases.fresh("ledger_mysql");
    mariadb.createDatabase(database);
    url = "jdbc:mysql://" + mariadb.host() + ":" + mariadb.port() + "/" + database + "?sslMode=disable";
    assertThat(url).startsWith("jdbc:mysql:").doesNotContain("permitMysqlScheme");
    return ServerDatabases.open(url, mariadb.user(), mariadb.password());
  }

  @Override
  protected Ledger reopen() {
    return ServerDatabases.open(url, mariadb.user(), mariadb.password());
  }
}
