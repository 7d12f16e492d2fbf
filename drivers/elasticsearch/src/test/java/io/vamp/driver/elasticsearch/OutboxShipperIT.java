package io.vamp.driver.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.ledger.Ledger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox of a real ledger (drivers/sql, H2 file) shipped to a real Elasticsearch 7.10.2 node, across
 * an outage of the node: every event arrives, and each once.
 */
class OutboxShipperIT {
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.1);

  @TempDir
  Path directory;

  @Test
  void threeCommitsMadeWhileElasticsearchIsDownArriveExactlyOnceWhenItReturns() {
    String namespace = Es.freshNamespace("outage");
    try (Ledger ledger = Ledgers.h2(directory);
         ElasticsearchConnection connection = Es.connect(namespace);
         OutboxShipper shipper = new OutboxShipper(ledger, new ElasticsearchEventSink(connection), QUICK,
             Duration.ofMillis(200), 4)) {
      shipper.start();
      List<Event> before = Ledgers.commit("before", 2, Instant.now().minusSeconds(60));
      ledger.appendEvents(before);
      shipper.wake();
      await().atMost(Duration.ofSeconds(30)).until(() -> ledger.pendingEvents(1000).isEmpty());

      Es.server().stop();
      List<Event> during = new ArrayList<>();
      try {
        for (int c = 1; c <= 3; c++) {
          List<Event> commit = Ledgers.commit("commit" + c, 3, Instant.now());
          during.addAll(commit);
          ledger.appendEvents(commit);
          shipper.wake();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> shipper.stats().consecutiveFailures() >= 2);
        assertThat(ledger.pendingEvents(1000)).extracting(Event::id)
            .containsExactlyInAnyOrderElementsOf(during.stream().map(Event::id).toList());
      } finally {
        Es.server().start();
      }

      await().atMost(Duration.ofSeconds(60)).until(() -> ledger.pendingEvents(1000).isEmpty());
      List<String> expected = new ArrayList<>();
      before.forEach(e -> expected.add(e.id()));
      during.forEach(e -> expected.add(e.id()));
      List<String> stored = Es.ids(connection.rest(), IndexNames.eventPattern("vamp-pulse", namespace));
      assertThat(stored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
      assertThat(shipper.stats().consecutiveFailures()).isZero();
    }
  }

  @Test
  void eventsStoredButNotMarkedBeforeACrashAreSentAgainAndStillStoredOnce() {
    String namespace = Es.freshNamespace("crash");
    try (Ledger ledger = Ledgers.h2(directory); ElasticsearchConnection connection = Es.connect(namespace)) {
      ElasticsearchEventSink sink = new ElasticsearchEventSink(connection);
      List<Event> events = Ledgers.commit("crashy", 4, Instant.now());
      ledger.appendEvents(events);
      // the daemon delivered a batch and died before markDelivered
      Delivery delivered = sink.deliver(ledger.pendingEvents(3));
      assertThat(delivered.acknowledged()).hasSize(3);

      OutboxShipper restarted = new OutboxShipper(ledger, sink, QUICK, Duration.ofMillis(200), 100);
      assertThat(restarted.drain()).isTrue();

      assertThat(ledger.pendingEvents(100)).isEmpty();
      assertThat(Es.ids(connection.rest(), IndexNames.eventPattern("vamp-pulse", namespace)))
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(events.stream().map(Event::id).toList());
    }
  }
}
