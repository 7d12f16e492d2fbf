package io.vamp.driver.spi.ledger;

import io.vamp.driver.spi.DriverFactory;

/** Registers a {@link Ledger} backend by name ({@code h2}, {@code postgresql}, {@code mysql}, ...). */
public interface LedgerFactory extends DriverFactory<Ledger> {}
