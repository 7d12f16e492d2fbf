package io.vamp.driver.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.ledger.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipper over a real (H2) ledger and a scripted sink; the real Elasticsearch is in {@code OutboxShipperIT}. */
class OutboxShipperTest {
  private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.0);

  @TempDir
  Path directory;
  private Ledger ledger;

  /** Counts what it stores by id; fails while {@code down}; answers "retry" for ids in {@code flaky} once. */
  private static final class ScriptedSink implements EventDelivery {
    final Map<String, Integer> stored = Collections.synchronizedMap(new HashMap<>());
    final AtomicBoolean down = new AtomicBoolean();
    final List<String> flaky = Collections.synchronizedList(new ArrayList<>());
    final List<String> poison = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Delivery deliver(List<Event> events) {
      batchSizes.add(events.size());
      if (down.get()) {
        throw new DriverException("connection refused", true);
      }
      List<String> ok = new ArrayList<>();
      Map<String, String> retry = new LinkedHashMap<>();
      Map<String, String> rejected = new LinkedHashMap<>();
      for (Event e : events) {
        if (flaky.remove(e.id())) {
          retry.put(e.id(), "status=429");
        } else if (poison.contains(e.id())) {
          rejected.put(e.id(), "status=400 mapper_parsing_exception");
        } else {
          stored.merge(e.id(), 1, Integer::sum);
          ok.add(e.id());
        }
      }
      return new Delivery(ok, retry, rejected);
    }
  }

  @BeforeEach
  void open() {
    ledger = Ledgers.h2(directory);
  }

  @AfterEach
  void close() {
    ledger.close();
  }

  @Test
  void drainsTheOutboxInBatchesAndMarksWhatWasAcknowledged() {
    ScriptedSink sink = new ScriptedSink();
    List<Event> events = new ArrayList<>();
    for (int c = 0; c < 5; c++) {
      events.addAll(Ledgers.commit("sha" + c, 4, Instant.parse("2024-05-01T10:00:00Z").plusSeconds(c)));
    }
    ledger.appendEvents(events);
    OutboxShipper shipper = new OutboxShipper(ledger, sink, FAST, Duration.ofMillis(20), 7);

    assertThat(shipper.drain()).isTrue();

    assertThat(sink.stored).hasSize(30).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(ledger.pendingEvents(100)).isEmpty();
    assertThat(sink.batchSizes).containsExactly(7, 7, 7, 7, 2);
    assertThat(shipper.stats().delivered()).isEqualTo(30);
  }

  @Test
  void anOutageDelaysEventsAndLosesNoneThenTheyAreDeliveredOnce() {
    ScriptedSink sink = new ScriptedSink();
    sink.down.set(true);
    try (OutboxShipper shipper = new OutboxShipper(ledger, sink, FAST, Duration.ofMillis(20), 50)) {
      shipper.start();
      for (int c = 0; c < 3; c++) {
        ledger.appendEvents(Ledgers.commit("c" + c, 3, Instant.parse("2024-05-01T10:00:00Z").plusSeconds(c)));
        shipper.wake();
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> shipper.stats().failedAttempts() >= 3);
      assertThat(ledger.pendingEvents(100)).hasSize(15);
      assertThat(shipper.stats().lastError()).hasValueSatisfying(e -> assertThat(e).contains("connection refused"));

      sink.down.set(false);
      await().atMost(Duration.ofSeconds(10)).until(() -> ledger.pendingEvents(100).isEmpty());
      assertThat(sink.stored).hasSize(15).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
      assertThat(shipper.stats().consecutiveFailures()).isZero();
    }
  }

  @Test
  void onlyAcknowledgedEventsAreMarkedTheRestAreSentAgain() {
    ScriptedSink sink = new ScriptedSink();
    List<Event> events = Ledgers.commit("abc", 3, Instant.parse("2024-05-01T10:00:00Z"));
    ledger.appendEvents(events);
    sink.flaky.add(events.get(2).id());
    OutboxShipper shipper = new OutboxShipper(ledger, sink, FAST, Duration.ofMillis(20), 50);

    assertThat(shipper.drain()).isFalse();
    assertThat(ledger.pendingEvents(100)).extracting(Event::id).containsExactly(events.get(2).id());

    assertThat(shipper.drain()).isTrue();
    assertThat(ledger.pendingEvents(100)).isEmpty();
    assertThat(sink.stored).hasSize(5).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
  }

  @Test
  void anEventRejectedForGoodDoesNotBlockTheOutbox() {
    ScriptedSink sink = new ScriptedSink();
    List<Event> events = Ledgers.commit("abc", 2, Instant.parse("2024-05-01T10:00:00Z"));
    ledger.appendEvents(events);
    sink.poison.add(events.get(0).id());
    OutboxShipper shipper = new OutboxShipper(ledger, sink, FAST, Duration.ofMillis(20), 50);

    assertThat(shipper.drain()).isTrue();

    assertThat(ledger.pendingEvents(100)).isEmpty();
    assertThat(sink.stored).hasSize(3).doesNotContainKey(events.get(0).id());
    assertThat(shipper.stats().rejected()).isEqualTo(1);
    assertThat(ledger.events(java.util.Optional.empty(), 100)).hasSize(4);
  }
}
