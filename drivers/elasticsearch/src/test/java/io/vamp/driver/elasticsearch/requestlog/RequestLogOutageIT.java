package io.vamp.driver.elasticsearch.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.elasticsearch.Backoff;
import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.Es;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Request logs buffered on disk while a real Elasticsearch 7.10.2 node is down, replayed when it returns. */
class RequestLogOutageIT {
  private static final Backoff QUICK = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.1);

  @TempDir
  Path directory;

  private RequestLogShipper.Options options() {
    return RequestLogShipper.Options.defaults(directory).withFlush(100, Duration.ofMillis(50)).withBackoff(QUICK)
        .withZone(ZoneOffset.UTC);
  }

  private static void ship(RequestLogShipper shipper, int from, int to) {
    Instant base = Instant.now().minusSeconds(30);
    for (int i = from; i < to; i++) {
      shipper.ship(SyntheticTraffic.line(base.plusMillis(i), "g__00000000", "g.r__00000000", i % 300, 200));
    }
  }

  @Test
  void recordsShippedDuringAnOutageAndAcrossAShipperRestartArriveOnceWhenElasticsearchReturns() throws IOException {
    String namespace = Es.freshNamespace("vga-outage");
    String pattern = "vamp-vga-" + namespace + "-*";
    try (ElasticsearchConnection connection = Es.connect(namespace)) {
      RequestLogShipper first = new RequestLogShipper(connection, options());
      first.start();
      ship(first, 0, 100);
      await().atMost(Duration.ofSeconds(30)).until(() -> first.stats().indexed() == 100);

      Es.server().stop();
      RequestLogShipper second;
      try {
        ship(first, 100, 600);
        await().atMost(Duration.ofSeconds(30)).until(() -> first.stats().onDisk() == 500);
        assertThat(segments()).isNotEmpty();
        // the agent restarts while Elasticsearch is still down: the disk buffer outlives it
        first.close();
        second = new RequestLogShipper(connection, options());
        assertThat(second.stats().onDisk()).isEqualTo(500);
        second.start();
        ship(second, 600, 700);
        await().atMost(Duration.ofSeconds(30)).until(() -> second.stats().onDisk() == 600);
        assertThat(first.stats().dropped() + second.stats().dropped()).isZero();
      } finally {
        Es.server().start();
      }

      await().atMost(Duration.ofSeconds(60)).until(() -> second.stats().onDisk() == 0);
      await().atMost(Duration.ofSeconds(30)).until(() -> Es.ids(connection.rest(), pattern).size() >= 700);
      List<String> ids = Es.ids(connection.rest(), pattern);
      assertThat(ids).hasSize(700).doesNotHaveDuplicates();
      assertThat(segments()).isEmpty();
      second.close();
    }
  }

  @Test
  void aFullDiskBufferDropsTheOldestCountsThemAndTheRestArrives() {
    String namespace = Es.freshNamespace("vga-drop");
    String pattern = "vamp-vga-" + namespace + "-*";
    try (ElasticsearchConnection connection = Es.connect(namespace);
         RequestLogShipper shipper = new RequestLogShipper(connection, options().withDisk(64 * 1024, 16 * 1024))) {
      shipper.start();
      Es.server().stop();
      try {
        ship(shipper, 0, 2000);
        await().atMost(Duration.ofSeconds(30))
            .until(() -> shipper.stats().onDisk() + shipper.stats().dropped() == 2000);
        assertThat(shipper.stats().dropped()).isPositive();
        assertThat(shipper.stats().diskBytes()).isLessThanOrEqualTo(64 * 1024);
      } finally {
        Es.server().start();
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> shipper.stats().onDisk() == 0);
      RequestLogShipper.Stats stats = shipper.stats();
      assertThat(stats.indexed() + stats.dropped()).isEqualTo(2000);
      assertThat(Es.ids(connection.rest(), pattern)).hasSize((int) stats.indexed()).doesNotHaveDuplicates();
    }
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".seg")).toList();
    }
  }
}
