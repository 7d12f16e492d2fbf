package io.vamp.driver.haproxy.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives HAProxy's logs over syslog UDP on loopback. A message that is a JSON object is a request
 * log: parsed and offered to the {@link RequestLogSink}. Anything else is one of HAProxy's own events
 * (a server going down, a proxy stopping): it goes to the agent's log at the syslog severity.
 */
final class SyslogReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogReceiver.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
  /** Large enough for the longest line HAProxy sends ({@code len 65535}). */
  private static final int DATAGRAM = 65_535;

  /** What was received so far. */
  record Counts(long requestLogs, long events, long malformed, long dropped) {
  }

  private final DatagramSocket socket;
  private final RequestLogSink sink;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicLong requestLogs = new AtomicLong();
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread reader;

  private SyslogReceiver(DatagramSocket socket, RequestLogSink sink, Clock clock) {
    this.socket = socket;
    this.sink = sink;
    this.clock = clock;
    this.reader = new Thread(this::receive, "vamp-agent-syslog");
    this.reader.setDaemon(true);
  }

  /** Binds 127.0.0.1:{@code port} (0: any free port) and starts receiving. */
  static SyslogReceiver start(int port, RequestLogSink sink, Clock clock) {
    DatagramSocket socket;
    try {
      socket = new DatagramSocket(null);
      socket.setReuseAddress(false);
      socket.setReceiveBufferSize(4 * 1024 * 1024);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    } catch (IOException e) {
      throw new AgentException("cannot receive request logs on 127.0.0.1:" + port + " (udp): " + e.getMessage(), e);
    }
    SyslogReceiver receiver = new SyslogReceiver(socket, sink, clock);
    receiver.reader.start();
    return receiver;
  }

  InetSocketAddress address() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  Counts counts() {
    return new Counts(requestLogs.get(), events.get(), malformed.get(), dropped.get());
  }

  private void receive() {
    byte[] buffer = new byte[DATAGRAM];
    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
    while (!closed.get()) {
      try {
        packet.setLength(buffer.length);
        socket.receive(packet);
        handle(new String(packet.getData(), packet.getOffset(), packet.getLength(), StandardCharsets.UTF_8));
      } catch (SocketException e) {
        if (!closed.get()) {
          LOG.warn("syslog receiver stopped error={}", e.toString());
        }
        return;
      } catch (IOException | RuntimeException e) {
        LOG.warn("syslog datagram not handled error={}", e.toString());
      }
    }
  }

  void handle(String datagram) {
    Optional<SyslogMessage> parsed = SyslogMessage.parse(datagram);
    if (parsed.isEmpty()) {
      malformed(datagram, "not a syslog message");
      return;
    }
    SyslogMessage message = parsed.get();
    String text = message.message().strip();
    if (!text.startsWith("{")) {
      events.incrementAndGet();
      event(message);
      return;
    }
    Map<String, Object> fields;
    try {
      fields = JSON.readValue(text, OBJECT);
    } catch (JsonProcessingException e) {
      malformed(datagram, "not JSON: " + e.getOriginalMessage());
      return;
    }
    requestLogs.incrementAndGet();
    RequestLog record = new RequestLog(clock.instant(), message.host(), message.timestamp(), text, fields);
    boolean accepted;
    try {
      accepted = sink.offer(record);
    } catch (RuntimeException e) {
      LOG.warn("request log sink failed error={}", e.toString());
      accepted = false;
    }
    if (!accepted) {
      dropped.incrementAndGet();
    }
  }

  private void malformed(String datagram, String why) {
    long count = malformed.incrementAndGet();
    if (count == 1 || count % 1000 == 0) {
      LOG.warn("malformed request log count={} why={} line={}", count, why, Texts.printable(datagram, 300));
    } else {
      LOG.debug("malformed request log why={} line={}", why, Texts.printable(datagram, 300));
    }
  }

  private static void event(SyslogMessage message) {
    String text = Texts.printable(message.message(), 2000);
    if (message.severity() >= 0 && message.severity() <= 3) {
      ProcessOutput.HAPROXY.warn("haproxy event={}", text);
    } else if (message.severity() >= 0 && message.severity() <= 5) {
      ProcessOutput.HAPROXY.info("haproxy event={}", text);
    } else {
      ProcessOutput.HAPROXY.debug("haproxy event={}", text);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      socket.close();
      try {
        reader.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
