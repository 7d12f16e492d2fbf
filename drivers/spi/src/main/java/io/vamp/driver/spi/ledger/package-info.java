/**
 * The revision ledger's side of the SPI: {@link io.vamp.driver.spi.ledger.Ledger} (revisions, actions,
 * inventory, artifacts, the events outbox, and history queries through
 * {@link io.vamp.driver.spi.ledger.HistoryQuery}), the records it keeps, and
 * {@link io.vamp.driver.spi.ledger.SecretMasking}, which callers apply to artifact text before the ledger
 * keeps it. Implementations register a {@link io.vamp.driver.spi.ledger.LedgerFactory} and pass the
 * contract suite {@code LedgerContract} of the test-jar.
 *
 * <p>Depends on nothing but the JDK and SnakeYAML (for masking, through the model module).
 */
package io.vamp.driver.spi.ledger;
