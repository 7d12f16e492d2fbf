package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A real ledger (drivers/sql's H2 file ledger, found by name as the daemon finds it) and the events of commits. */
final class Ledgers {
  private Ledgers() {}

  static Ledger h2(Path directory) {
    return Drivers.find(LedgerFactory.class, "h2").create(new DriverConfig("test", directory, Optional.empty(), Map.of()));
  }

  /**
   * The events the reconciler announces for one applied commit with {@code actions} steps: the revision in
   * progress, one synchronization event per step, the revision applied (ids as Announcer makes them).
   */
  static List<Event> commit(String sha, int actions, Instant at) {
    List<Event> events = new ArrayList<>();
    events.add(new Event("revision/" + sha + "/in_progress/" + at.toEpochMilli(),
        Set.of("revision:" + sha, "revisions:in_progress"), "revision", "", at));
    for (int i = 1; i <= actions; i++) {
      Instant t = at.plusMillis(i * 10L);
      events.add(new Event("action/" + sha + "/" + i + "/applied",
          Set.of("revision:" + sha, "deployments:sava", "clusters:sava", "services:sava:1." + i + ".0",
              "synchronization:deployed", "outcome:applied"),
          "synchronization", "deploy sava/sava/sava:1." + i + ".0: ready", t));
    }
    Instant done = at.plusMillis(actions * 10L + 10);
    events.add(new Event("revision/" + sha + "/applied/" + done.toEpochMilli(),
        Set.of("revision:" + sha, "revisions:applied"), "revision", "applied " + actions + " actions", done));
    return events;
  }
}
