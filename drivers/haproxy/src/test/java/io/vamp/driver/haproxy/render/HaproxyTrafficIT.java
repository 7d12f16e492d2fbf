package io.vamp.driver.haproxy.render;

import static io.vamp.driver.haproxy.render.Fixtures.conditioned;
import static io.vamp.driver.haproxy.render.Fixtures.gateway;
import static io.vamp.driver.haproxy.render.Fixtures.http;
import static io.vamp.driver.haproxy.render.Fixtures.route;
import static io.vamp.driver.haproxy.render.Fixtures.service;
import static io.vamp.driver.haproxy.render.Fixtures.rewritten;
import static io.vamp.driver.haproxy.render.Fixtures.sticky;
import static io.vamp.driver.haproxy.render.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.RouteTarget;
import io.vamp.testing.FreePorts;
import io.vamp.testing.HaproxyInstance;
import io.vamp.testing.Servers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A smoke test of rendered configurations in a real HAProxy with real HTTP backends on loopback: the
 * weighted split, a weight change through the runtime API without a reload, a condition, route
 * stickiness, a virtual host, and JSON request logs that stay JSON whatever the request line holds.
 * (The full traffic matrix comes with the gateway agent.)
 */
class HaproxyTrafficIT {

  private static final RouteTarget.ServicePort A = service("sava/sava/sava:1.0.0", "web");
  private static final RouteTarget.ServicePort B = service("sava/sava/sava:1.1.0", "web");
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Requests sent after a weight change before counting. HAProxy's round robin is exact per round, but for
   * up to about one round after {@code set server ... weight} it leans toward the server whose weight rose
   * (measured: up to 149 of the first 1,000 requests after 90/10 became 50/50, none after that).
   */
  private static final int WARM_UP = 200;

  private static final List<HttpServer> backends = new ArrayList<>();
  private static final ConcurrentLinkedQueue<String> logs = new ConcurrentLinkedQueue<>();
  private static DatagramSocket syslog;
  private static Thread syslogReader;
  private static Path runDirectory;
  private static HaproxyInstance haproxy;
  private static HttpClient client;
  private static int splitPort;
  private static int firefoxPort;
  private static int stickyPort;
  private static int virtualHostsPort;
  private static int halfPort;
  private static int allPort;
  private static int firefoxHalfPort;
  private static int tcpPort;
  private static int rewritePort;
  private static ServerSocket tcpBackend;
  private static HaproxyConfig config;

  @BeforeAll
  static void startBackendsAndHaproxy() throws IOException {
    // the JDK server writes headers and body separately: without TCP_NODELAY each response waits for a delayed ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
    int portA = backend("A");
    int portB = backend("B");
    syslog = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    syslogReader = new Thread(HaproxyTrafficIT::readSyslog, "syslog");
    syslogReader.setDaemon(true);
    syslogReader.start();

    List<Integer> ports = FreePorts.allocate(9);
    splitPort = ports.get(0);
    firefoxPort = ports.get(1);
    stickyPort = ports.get(2);
    virtualHostsPort = ports.get(3);
    halfPort = ports.get(4);
    allPort = ports.get(5);
    firefoxHalfPort = ports.get(6);
    tcpPort = ports.get(7);
    rewritePort = ports.get(8);
    RouteTarget.ServicePort echo = service("db/db/echo:1", "tcp");
    int echoPort = tcpEchoBackend();
    List<Gateway> gateways = List.of(
        http("split", splitPort, route("sava:1.0.0", A, 90), route("sava:1.1.0", B, 10)),
        http("half", halfPort, route("sava:1.0.0", A, 50), route("sava:1.1.0", B, 50)),
        http("all", allPort, route("sava:1.0.0", A, 100), route("sava:1.1.0", B, 0)),
        http("firefox-half", firefoxHalfPort, route("sava:1.0.0", A, 100),
            conditioned("sava:1.1.0", B, 0, "user-agent == Firefox", 50)),
        tcp("db", tcpPort, route("echo:1", echo, 100)),
        http("rewrite", rewritePort, rewritten("sava:1.0.0", A, 100,
            new Rewrite("/img%[path]", "{ path_beg /images }"))),
        http("firefox", firefoxPort, route("sava:1.0.0", A, 100),
            conditioned("sava:1.1.0", B, 0, "user-agent == Firefox", 100)),
        gateway("sticky", stickyPort, Protocol.HTTP, Optional.of(Sticky.ROUTE), List.of("shop.example.com"),
            route("sava:1.0.0", A, 50), route("sava:1.1.0", B, 50)));
    Endpoints endpoints = Endpoints.builder()
        .add(A, new Endpoint("a-0", "127.0.0.1", portA))
        .add(B, new Endpoint("b-0", "127.0.0.1", portB))
        .add(echo, new Endpoint("echo-0", "127.0.0.1", echoPort))
        .build();
    runDirectory = Files.createTempDirectory("vamp-hx");
    RenderSettings settings = RenderSettings.defaults(runDirectory).withVirtualHostsPort(virtualHostsPort)
        .withSyslog(new SyslogTarget("127.0.0.1", syslog.getLocalPort(), SyslogTarget.Format.RFC5424));
    config = HaproxyRenderer.plan(gateways, endpoints, settings);
    haproxy = Servers.haproxy().start(config.text());
    client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> get(client, splitPort, "/").equals("A /")
        || get(client, splitPort, "/").equals("B /"));
  }

  @AfterAll
  static void stopEverything() {
    if (haproxy != null) {
      haproxy.close();
    }
    backends.forEach(b -> b.stop(0));
    try {
      if (tcpBackend != null) {
        tcpBackend.close();
      }
    } catch (IOException e) {
      // closing anyway
    }
    if (syslog != null) {
      syslog.close();
    }
  }

  @Test
  void ninetyTenSplitsNinetyTen() throws Exception {
    count(client, splitPort, WARM_UP);
    Map<String, Integer> counts = count(client, splitPort, 1000);
    // round robin over weights 90 and 10 gives exactly 10 of every 100 requests to B; the brief allows 4 points
    assertThat(counts.getOrDefault("B", 0)).as("%s", counts).isBetween(60, 140);
    assertThat(counts.getOrDefault("A", 0) + counts.getOrDefault("B", 0)).isEqualTo(1000);
  }

  /** The splits the issue asks for, over 2,000 requests each, within 3 points. */
  @Test
  void splitsOfTwoThousandRequestsLandWithinThreePoints() throws Exception {
    for (int[] split : new int[][] {{splitPort, 10}, {halfPort, 50}, {allPort, 0}}) {
      Map<String, Integer> counts = count(client, split[0], 2000);
      double share = counts.getOrDefault("B", 0) * 100.0 / 2000;
      assertThat(share).as("%d%% expected, %s", split[1], counts).isBetween(split[1] - 3.0, split[1] + 3.0);
    }
  }

  @Test
  void atHalfStrengthAboutHalfOfTheFirefoxUsersGoToTheConditionedRoute() throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < 1000; i++) {
      HttpRequest firefox = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firefoxHalfPort + "/"))
          .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0").build();
      counts.merge(client.send(firefox, HttpResponse.BodyHandlers.ofString()).body().substring(0, 1), 1, Integer::sum);
    }
    assertThat(counts.getOrDefault("B", 0)).as("%s", counts).isBetween(430, 570);
    assertThat(count(client, firefoxHalfPort, 100)).as("other browsers follow the weights").containsOnlyKeys("A");
  }

  @Test
  void aTcpGatewayCarriesRawBytes() throws Exception {
    for (int i = 0; i < 5; i++) {
      try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), tcpPort)) {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write(("ping " + i + "\n").getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        byte[] answer = socket.getInputStream().readNBytes(("echo ping " + i + "\n").length());
        assertThat(new String(answer, StandardCharsets.UTF_8)).isEqualTo("echo ping " + i + "\n");
      }
    }
  }

  @Test
  void aRewriteChangesThePathTheRouteSees() throws Exception {
    assertThat(get(client, rewritePort, "/images/logo.png")).isEqualTo("A /img/images/logo.png");
    assertThat(get(client, rewritePort, "/other")).isEqualTo("A /other");
  }

  /** A TCP backend answering "echo " and each line it reads. */
  private static int tcpEchoBackend() throws IOException {
    tcpBackend = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(() -> {
      while (!tcpBackend.isClosed()) {
        try {
          Socket client = tcpBackend.accept();
          Thread worker = new Thread(() -> {
            try (client;
                var in = new java.io.BufferedReader(new java.io.InputStreamReader(client.getInputStream(),
                    StandardCharsets.UTF_8))) {
              String line;
              while ((line = in.readLine()) != null) {
                client.getOutputStream().write(("echo " + line + "\n").getBytes(StandardCharsets.UTF_8));
                client.getOutputStream().flush();
              }
            } catch (IOException e) {
              // the client went away
            }
          });
          worker.setDaemon(true);
          worker.start();
        } catch (IOException e) {
          return;
        }
      }
    }, "tcp-echo");
    acceptor.setDaemon(true);
    acceptor.start();
    return tcpBackend.getLocalPort();
  }

  @Test
  void weightsChangeThroughTheRuntimeApiWithoutAReload() throws Exception {
    List<Long> workers = haproxy.workerPids();
    HaproxyConfig fiftyFifty = HaproxyRenderer.plan(List.of(
        http("split", splitPort, route("sava:1.0.0", A, 50), route("sava:1.1.0", B, 50))), Endpoints.NONE,
        RenderSettings.defaults(runDirectory));
    Map<String, Integer> before = Map.of(
        HaproxyIds.weights("split") + "/" + HaproxyIds.routeServer("split", "sava:1.0.0"), 90,
        HaproxyIds.weights("split") + "/" + HaproxyIds.routeServer("split", "sava:1.1.0"), 10);
    assertThat(config.weights()).containsAllEntriesOf(before);
    List<String> commands = new ArrayList<>();
    fiftyFifty.weights().forEach((server, weight) -> commands.add("set server " + server + " weight " + weight));
    try {
      for (String command : commands) {
        assertThat(statsCommand(command)).isBlank();
      }
      count(client, splitPort, WARM_UP);
      Map<String, Integer> counts = count(client, splitPort, 1000);
      assertThat(counts.getOrDefault("B", 0)).as("%s with %s", counts,
          statsCommand("show servers state " + HaproxyIds.weights("split"))).isBetween(460, 540);
      assertThat(haproxy.workerPids()).isEqualTo(workers);
    } finally {
      before.forEach((server, weight) -> statsCommand("set server " + server + " weight " + weight));
    }
  }

  @Test
  void firefoxGoesToTheConditionedRoute() throws Exception {
    for (int i = 0; i < 20; i++) {
      HttpRequest firefox = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + firefoxPort + "/"))
          .header("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0").build();
      assertThat(client.send(firefox, HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("B /");
      assertThat(get(client, firefoxPort, "/")).isEqualTo("A /");
    }
  }

  @Test
  void aStickyClientStaysOnItsRoute() throws Exception {
    int switched = 0;
    for (int c = 0; c < 10; c++) {
      HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .cookieHandler(new CookieManager()).build();
      String first = get(browser, stickyPort, "/");
      for (int i = 0; i < 10; i++) {
        if (!get(browser, stickyPort, "/").equals(first)) {
          switched++;
        }
      }
    }
    assertThat(switched).isZero();
  }

  @Test
  void aVirtualHostReachesItsGateway() throws Exception {
    String response = raw(virtualHostsPort, "GET /vhost HTTP/1.1\r\nHost: Shop.Example.com:" + virtualHostsPort
        + "\r\nConnection: close\r\n\r\n");
    assertThat(response).startsWith("HTTP/1.1 200").matches("(?s).*\r\n\r\n[AB] /vhost$");
    assertThat(raw(virtualHostsPort, "GET / HTTP/1.1\r\nHost: other.example.com\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 503");
  }

  @Test
  void requestLogsAreJsonWithTheGatewayAndRoute() throws Exception {
    String nasty = "/q\"uo\\te]x%22?a[]=\"1\"&b=\\";
    raw(splitPort, "GET " + nasty + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    String split = HaproxyIds.gateway("split");
    await().atMost(Duration.ofSeconds(10)).until(() -> requestLogs().stream()
        .anyMatch(j -> j.path("r").asText().contains("/q\"uo\\te]")));
    List<JsonNode> lines = requestLogs();
    JsonNode nastyLine = lines.stream().filter(j -> j.path("r").asText().contains("/q\"uo\\te]"))
        .filter(j -> j.path("ft").asText().equals(split)).findFirst().orElseThrow();
    assertThat(nastyLine.path("r").asText()).isEqualTo("GET " + nasty + " HTTP/1.1");
    assertThat(nastyLine.path("ft").asText()).isEqualTo(split);
    assertThat(nastyLine.path("b").asText()).isEqualTo(HaproxyIds.weights("split"));
    // the hop's line names the route's backend
    assertThat(lines).anySatisfy(j -> assertThat(j.path("b").asText()).isEqualTo(HaproxyIds.route("split", "sava:1.0.0")));
    // every http line carries the timings and the status (the tcp gateway logs without a status)
    assertThat(lines).filteredOn(j -> !j.path("ft").asText().equals(HaproxyIds.gateway("db"))).allSatisfy(j -> {
      assertThat(j.path("Tt").isInt()).isTrue();
      assertThat(j.path("ST").isInt()).isTrue();
    });
  }

  /** Every log datagram holding JSON, parsed; fails on one that starts JSON but does not parse. */
  private static List<JsonNode> requestLogs() throws IOException {
    List<JsonNode> parsed = new ArrayList<>();
    for (String datagram : logs) {
      int brace = datagram.indexOf(" {\"");
      if (brace >= 0) {
        parsed.add(JSON.readTree(datagram.substring(brace + 1)));
      }
    }
    return parsed;
  }

  private static Map<String, Integer> count(HttpClient http, int port, int requests) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      counts.merge(get(http, port, "/").substring(0, 1), 1, Integer::sum);
    }
    return counts;
  }

  private static String get(HttpClient http, int port, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
    return response.body();
  }

  private static String raw(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static String statsCommand(String command) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(runDirectory.resolve("admin.sock")));
      channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
      channel.shutdownOutput();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(4096);
      while (channel.read(buffer) >= 0) {
        answer.write(buffer.array(), 0, buffer.position());
        buffer.clear();
      }
      return answer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("stats socket did not answer '" + command + "'", e);
    }
  }

  /** A backend answering its name and the path it was asked for. */
  private static int backend(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.createContext("/", exchange -> {
      byte[] body = (name + " " + exchange.getRequestURI().getRawPath()).getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    backends.add(server);
    return server.getAddress().getPort();
  }

  private static void readSyslog() {
    byte[] buffer = new byte[65536];
    while (!syslog.isClosed()) {
      DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
      try {
        syslog.receive(packet);
        logs.add(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        return;
      }
    }
  }
}
