package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The receiver on a real UDP socket on loopback, fed datagrams shaped like HAProxy's. */
class SyslogReceiverTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @Test
  void requestLogsReachTheSinkParsedAndEverythingElseIsCounted() throws Exception {
    BoundedRequestLogSink sink = new BoundedRequestLogSink(100);
    try (SyslogReceiver receiver = SyslogReceiver.start(0, sink, CLOCK)) {
      send(receiver.address(), "<134>1 2026-11-22T00:10:53.9+00:00 - haproxy 1 - - "
          + "{\"ft\":\"gw\",\"b\":\"gw.weights\",\"ST\":200,\"Tt\":3,\"r\":\"GET /x HTTP/1.1\"}\n");
      send(receiver.address(), "<133>1 2026-11-22T00:10:53.9+00:00 - haproxy 1 - - Server b/s is DOWN\n");
      send(receiver.address(), "<134>1 2026-11-22T00:10:53.9+00:00 - haproxy 1 - - {\"broken\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> {
        SyslogReceiver.Counts c = receiver.counts();
        return c.requestLogs() == 1 && c.events() == 1 && c.malformed() == 1;
      });
      RequestLog log = sink.poll(Duration.ofSeconds(1)).orElseThrow();
      assertThat(log.receivedAt()).isEqualTo(CLOCK.instant());
      assertThat(log.frontend()).contains("gw");
      assertThat(log.backend()).contains("gw.weights");
      assertThat(log.status()).hasValue(200);
      assertThat(log.fields()).containsEntry("Tt", 3).containsEntry("r", "GET /x HTTP/1.1");
      assertThat(log.json()).startsWith("{\"ft\":\"gw\"");
      assertThat(log.timestamp()).isEqualTo("2026-11-22T00:10:53.9+00:00");
    }
  }

  @Test
  void aFullSinkDropsAndCounts() throws Exception {
    BoundedRequestLogSink sink = new BoundedRequestLogSink(2);
    try (SyslogReceiver receiver = SyslogReceiver.start(0, sink, CLOCK)) {
      for (int i = 0; i < 5; i++) {
        send(receiver.address(), "{\"i\":" + i + "}");
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> receiver.counts().requestLogs() == 5);
      assertThat(receiver.counts().dropped()).isEqualTo(3);
      assertThat(sink.dropped()).isEqualTo(3);
      assertThat(sink.size()).isEqualTo(2);
    }
  }

  private static void send(InetSocketAddress to, String datagram) throws Exception {
    byte[] bytes = datagram.getBytes(StandardCharsets.UTF_8);
    try (DatagramSocket socket = new DatagramSocket()) {
      socket.send(new DatagramPacket(bytes, bytes.length, to));
    }
  }
}
