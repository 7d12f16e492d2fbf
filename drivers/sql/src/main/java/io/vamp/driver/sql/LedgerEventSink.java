package io.vamp.driver.sql;

import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.ledger.Ledger;
import java.util.List;
import java.util.Objects;

/**
 * Events kept in the ledger's outbox: where events go when no Elasticsearch is configured, and the
 * first stop when one is (a drainer then delivers {@link Ledger#pendingEvents pending} events and
 * {@link Ledger#markDelivered marks} them). An event id published twice is stored once.
 *
 * <p>Works over any {@link Ledger}. It does not own the ledger: closing the sink leaves it open.
 */
public final class LedgerEventSink implements EventSink {
  private final Ledger ledger;

  public LedgerEventSink(Ledger ledger) {
    this.ledger = Objects.requireNonNull(ledger, "ledger");
  }

  @Override
  public void publish(List<Event> events) {
    ledger.appendEvents(events);
  }

  /** Leaves the ledger open: whoever opened it closes it. */
  @Override
  public void close() {
    // nothing of its own to release
  }
}
