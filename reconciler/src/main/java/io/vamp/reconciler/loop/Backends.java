package io.vamp.reconciler.loop;

import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.scheduler.Scheduler;
import java.util.Objects;

/** The drivers one daemon works through, chosen by configuration. */
public record Backends(Scheduler scheduler, KeyValueStore kv, Ledger ledger, EventSink events) implements AutoCloseable {
  public Backends {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(kv, "kv");
    Objects.requireNonNull(ledger, "ledger");
    Objects.requireNonNull(events, "events");
  }

  @Override
  public void close() {
    closeQuietly(events);
    closeQuietly(scheduler);
    closeQuietly(kv);
    closeQuietly(ledger);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      // closing on the way out; nothing more to do
    }
  }
}
