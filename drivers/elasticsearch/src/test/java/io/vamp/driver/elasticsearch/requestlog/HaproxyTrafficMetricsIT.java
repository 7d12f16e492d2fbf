package io.vamp.driver.elasticsearch.requestlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.Es;
import io.vamp.driver.elasticsearch.metrics.Figures;
import io.vamp.driver.elasticsearch.metrics.LogIds;
import io.vamp.driver.elasticsearch.metrics.MetricsQuery;
import io.vamp.driver.haproxy.render.Endpoint;
import io.vamp.driver.haproxy.render.Endpoints;
import io.vamp.driver.haproxy.render.HaproxyIds;
import io.vamp.driver.haproxy.render.HaproxyRenderer;
import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.haproxy.render.SyslogTarget;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.WorkloadId;
import io.vamp.testing.FreePorts;
import io.vamp.testing.HaproxyInstance;
import io.vamp.testing.Servers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real traffic through a real HAProxy 2.6 running the renderer's configuration of a 50/50 gateway over a
 * slow version (400 ms) and a fast one (100 ms); HAProxy's JSON request log arrives over syslog (UDP) and
 * goes through the {@link RequestLogShipper} into a real Elasticsearch 7.10.2 node. The metrics tell the
 * routes apart, with rate and mean latency within 10 % of what the load generator measured.
 *
 * <p>The syslog reading here is a few lines standing in for the gateway agent's receiver, which is being
 * written; once it lands, this test should take records from the agent's {@code RequestLogSink}.
 */
class HaproxyTrafficMetricsIT {
  private static final String GATEWAY = "sava/sava/web";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  /** What the load generator saw of one route. */
  private record Seen(List<Long> micros) {
    double meanMillis() {
      return micros.stream().mapToLong(Long::longValue).average().orElse(Double.NaN) / 1000.0;
    }
  }

  @Test
  void metricsOfRealHaproxyTrafficTellTheSlowVersionFromTheFastOne() throws Exception {
    System.setProperty("sun.net.httpserver.nodelay", "true");
    // latencies large enough that the client's own share of the time (what HAProxy cannot see: the
    // kernel and the client thread's scheduling, ~5 ms at a load average of 18 on 2 cores) stays under 10 %
    HttpServer slow = backend("slow", Duration.ofMillis(400));
    HttpServer fast = backend("fast", Duration.ofMillis(100));
    String namespace = Es.freshNamespace("haproxy");
    Path run = Files.createTempDirectory("vamp-es-hx");
    try (DatagramSocket syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
         ElasticsearchConnection connection = Es.connect(namespace);
         RequestLogShipper shipper = new RequestLogShipper(connection, RequestLogShipper.Options.defaults(directory)
             .withFlush(500, Duration.ofMillis(100)).withZone(ZoneId.systemDefault()))) {
      shipper.start();
      Thread reader = new Thread(() -> readSyslog(syslog, shipper), "syslog-to-shipper");
      reader.setDaemon(true);
      reader.start();

      int port = FreePorts.allocate();
      RouteTarget.ServicePort a = new RouteTarget.ServicePort(WorkloadId.parse("sava/sava/sava:1.0.0"), "web");
      RouteTarget.ServicePort b = new RouteTarget.ServicePort(WorkloadId.parse("sava/sava/sava:1.1.0"), "web");
      Gateway gateway = new Gateway(GATEWAY, Gateway.GatewayKind.STANDALONE, port, Protocol.HTTP, Optional.empty(),
          List.of(), List.of(route("sava:1.0.0", a), route("sava:1.1.0", b)), Optional.empty(), Optional.empty());
      Endpoints endpoints = Endpoints.builder()
          .add(a, new Endpoint("slow-0", "127.0.0.1", slow.getAddress().getPort()))
          .add(b, new Endpoint("fast-0", "127.0.0.1", fast.getAddress().getPort()))
          .build();
      String config = HaproxyRenderer.render(List.of(gateway), endpoints, RenderSettings.defaults(run)
          .withSyslog(new SyslogTarget("127.0.0.1", syslog.getLocalPort(), SyslogTarget.Format.RFC5424)));
      // the ids this module computes are the renderer's
      assertThat(LogIds.HAPROXY.frontend(GATEWAY)).isEqualTo(HaproxyIds.gateway(GATEWAY));
      assertThat(LogIds.HAPROXY.backend(GATEWAY, "sava:1.1.0")).isEqualTo(HaproxyIds.route(GATEWAY, "sava:1.1.0"));

      try (HaproxyInstance haproxy = Servers.haproxy().start(config)) {
        assertThat(haproxy.workerPids()).isNotEmpty();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
            .until(() -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode() == 200);

        // closed-loop load: 6 workers for 15 s, on fresh connections (HAProxy's %t of a request on a kept-alive
        // connection is when the previous one ended: a warm-up connection would date one before the window)
        Map<String, Seen> seen = Map.of("slow", new Seen(Collections.synchronizedList(new ArrayList<>())),
            "fast", new Seen(Collections.synchronizedList(new ArrayList<>())));
        Instant from = Instant.now();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        ExecutorService workers = Executors.newFixedThreadPool(6);
        for (int w = 0; w < 6; w++) {
          workers.submit(() -> {
            // a plain HTTP/1.1 client on one kept-alive socket: next to nothing of its own in the latency
            try (RawHttp socket = new RawHttp(port)) {
              while (System.nanoTime() < deadline) {
                long start = System.nanoTime();
                String body = socket.get("/");
                long micros = (System.nanoTime() - start) / 1000;
                seen.get(body).micros().add(micros);
              }
            }
            return null;
          });
        }
        workers.shutdown();
        assertThat(workers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        Instant to = Instant.now();
        int slowCount = seen.get("slow").micros().size();
        int fastCount = seen.get("fast").micros().size();
        double seconds = Duration.between(from, to).toMillis() / 1000.0;

        // logs arrive over UDP, then in bulk: wait until every request the generator made is counted
        MetricsQuery metrics = new MetricsQuery(connection, LogIds.HAPROXY);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
          Es.refresh(connection, "vamp-vga-" + namespace + "-*");
          return metrics.between(GATEWAY, Optional.empty(), from, to).requests() >= slowCount + fastCount;
        });
        Figures slowFigures = metrics.between(GATEWAY, Optional.of("sava:1.0.0"), from, to);
        Figures fastFigures = metrics.between(GATEWAY, Optional.of("sava:1.1.0"), from, to);
        Figures gatewayFigures = metrics.between(GATEWAY, Optional.empty(), from, to);
        System.out.printf("measured: load generator slow %d requests %.2f/s mean %.1f ms; fast %d requests %.2f/s"
                + " mean %.1f ms over %.1f s%n", slowCount, slowCount / seconds, seen.get("slow").meanMillis(),
            fastCount, fastCount / seconds, seen.get("fast").meanMillis(), seconds);
        System.out.printf("measured: metrics slow %s%nmeasured: metrics fast %s%nmeasured: metrics gateway %s%n",
            slowFigures, fastFigures, gatewayFigures);

        assertThat(slowFigures.requests()).isEqualTo(slowCount);
        assertThat(fastFigures.requests()).isEqualTo(fastCount);
        assertThat(slowFigures.ratePerSecond()).isCloseTo(slowCount / seconds, within(0.1 * slowCount / seconds));
        assertThat(fastFigures.ratePerSecond()).isCloseTo(fastCount / seconds, within(0.1 * fastCount / seconds));
        assertThat(gatewayFigures.ratePerSecond())
            .isCloseTo((slowCount + fastCount) / seconds, within(0.1 * (slowCount + fastCount) / seconds));
        assertThat(slowFigures.meanMillis())
            .isCloseTo(seen.get("slow").meanMillis(), within(0.1 * seen.get("slow").meanMillis()));
        assertThat(fastFigures.meanMillis())
            .isCloseTo(seen.get("fast").meanMillis(), within(0.1 * seen.get("fast").meanMillis()));
        assertThat(slowFigures.meanMillis()).isGreaterThan(3 * fastFigures.meanMillis());
        assertThat(slowFigures.errorRatio()).isZero();
        assertThat(fastFigures.errorRatio()).isZero();
      }
    } finally {
      slow.stop(0);
      fast.stop(0);
    }
  }

  /** GET on one persistent connection, reading the status line, headers and a Content-Length body. */
  private static final class RawHttp implements AutoCloseable {
    private final java.net.Socket socket;
    private final java.io.BufferedInputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
      socket = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(30_000);
      in = new java.io.BufferedInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    }

    String get(String path) throws IOException {
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = line();
      if (!status.startsWith("HTTP/1.1 200")) {
        throw new IOException("unexpected answer: " + status);
      }
      int length = -1;
      for (String header = line(); !header.isEmpty(); header = line()) {
        if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
          length = Integer.parseInt(header.substring(15).trim());
        }
      }
      if (length < 0) {
        throw new IOException("no content-length");
      }
      return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new IOException("connection closed");
        }
        if (c != '\r') {
          line.append((char) c);
        }
      }
      return line.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static Route route(String name, RouteTarget target) {
    return new Route(name, target, 50, Optional.empty(), 0, List.of(), io.vamp.model.artifact.Balance.ROUNDROBIN);
  }

  /** An HTTP backend that answers its name after {@code delay} of simulated work. */
  private static HttpServer backend(String name, Duration delay) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    byte[] body = name.getBytes(StandardCharsets.UTF_8);
    server.createContext("/", exchange -> {
      long until = System.nanoTime() + delay.toNanos();
      // the backend's simulated work, not a test waiting for something
      for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
        LockSupport.parkNanos(left);
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.start();
    return server;
  }

  /** RFC 5424 frames from HAProxy: the JSON payload starts at the first '{'; HAProxy's own notices are skipped. */
  private static void readSyslog(DatagramSocket socket, RequestLogShipper shipper) {
    byte[] buffer = new byte[65536];
    while (!socket.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        socket.receive(packet);
      } catch (IOException e) {
        return;
      }
      String frame = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
      int json = frame.indexOf('{');
      if (json < 0) {
        continue;
      }
      try {
        shipper.ship(JSON.readValue(frame.substring(json).trim(), new TypeReference<Map<String, Object>>() { }));
      } catch (IOException e) {
        throw new IllegalStateException("HAProxy sent a request log that is not JSON: " + frame, e);
      }
    }
  }
}
