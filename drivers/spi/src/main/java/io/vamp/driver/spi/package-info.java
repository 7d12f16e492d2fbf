/**
 * The driver SPI: the small interfaces the reconciler talks to (Scheduler, KeyValueStore, Ledger,
 * EventSink), chosen by name through {@link java.util.ServiceLoader}. Depends on {@code model} only.
 */
package io.vamp.driver.spi;
