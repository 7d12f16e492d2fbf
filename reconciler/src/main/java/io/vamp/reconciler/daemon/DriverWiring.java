package io.vamp.reconciler.daemon;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerFactory;
import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.config.Settings;
import io.vamp.reconciler.loop.Backends;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Opens the drivers that configuration names, through ServiceLoader: no backend is imported here. */
public final class DriverWiring {
  private DriverWiring() {}

  static Backends open(Config config, Map<String, String> environment) {
    String namespace = config.get(Settings.NAMESPACE);
    Path data = Path.of(config.get(Settings.DATA_DIR)).toAbsolutePath();
    Ledger ledger = null;
    KeyValueStore kv = null;
    try {
      ledger = openLedger(config, environment);
      kv = Drivers.find(KeyValueStoreFactory.class, config.get(Settings.KV_DRIVER))
          .create(new DriverConfig(namespace, data, uri(config.optional(Settings.KV_URI)), config.driverSettings("kv")));
      Scheduler scheduler = Drivers.find(SchedulerFactory.class, config.get(Settings.SCHEDULER_DRIVER))
          .create(new DriverConfig(namespace, data, uri(config.optional(Settings.SCHEDULER_URI)),
              config.driverSettings("scheduler")));
      return new Backends(scheduler, kv, ledger, outbox(ledger));
    } catch (RuntimeException e) {
      closeQuietly(kv);
      closeQuietly(ledger);
      throw e;
    }
  }

  /** The ledger the configuration names, with its credentials (the daemon, vamp history and vamp show). */
  public static Ledger openLedger(Config config, Map<String, String> environment) {
    Map<String, String> settings = new LinkedHashMap<>(config.driverSettings("ledger"));
    config.optional(Settings.LEDGER_USER).ifPresent(user -> settings.put("user", user));
    config.secret(Settings.LEDGER_PASSWORD_FILE, Optional.of(Settings.LEDGER_PASSWORD_ENV), environment)
        .ifPresent(password -> settings.put("password", password));
    Path data = Path.of(config.get(Settings.DATA_DIR)).toAbsolutePath();
    return Drivers.find(LedgerFactory.class, config.get(Settings.LEDGER_DRIVER))
        .create(new DriverConfig(config.get(Settings.NAMESPACE), data, uri(config.optional(Settings.LEDGER_URI)),
            settings));
  }

  /** Events go to the ledger's outbox; a shipper delivers them onwards when one is configured. */
  private static EventSink outbox(Ledger ledger) {
    return new EventSink() {
      @Override
      public void publish(List<Event> events) {
        ledger.appendEvents(events);
      }

      @Override
      public void close() {
        // the ledger is closed with the backends
      }
    };
  }

  private static Optional<URI> uri(Optional<String> text) {
    return text.map(URI::create);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      // already failing
    }
  }
}
