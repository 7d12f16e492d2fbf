/** Vamp driver: the revision ledger in SQL (H2 embedded default; PostgreSQL, MySQL/MariaDB, SQL Server). */
package io.vamp.driver.sql;
