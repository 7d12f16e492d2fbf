/**
 * The revision ledger in SQL: {@link io.vamp.driver.sql.SqlLedger} over JDBC with a HikariCP pool and
 * Flyway migrations per vendor ({@code db/migration/{h2,postgresql,mysql,sqlserver}}), the vendor
 * chosen from the JDBC URL; {@link io.vamp.driver.sql.LedgerEventSink} keeps events in its outbox.
 *
 * <p>Factories: {@code h2} (the embedded default, a file under the data directory) and {@code sql}
 * (any supported {@code jdbc:} URL). Vendor differences live in the package-private {@code Dialect}
 * and in the migrations, nowhere else.
 *
 * <p>Depends on the driver SPI, HikariCP, Flyway and (at run time only) the JDBC drivers; never on
 * the model's internals or on other drivers.
 */
package io.vamp.driver.sql;
