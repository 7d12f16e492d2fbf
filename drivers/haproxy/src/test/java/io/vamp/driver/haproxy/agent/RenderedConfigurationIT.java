package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.haproxy.render.Endpoint;
import io.vamp.driver.haproxy.render.Endpoints;
import io.vamp.driver.haproxy.render.HaproxyIds;
import io.vamp.driver.haproxy.render.HaproxyRenderer;
import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.haproxy.render.SyslogTarget;
import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.WorkloadId;
import io.vamp.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent applying configurations produced by the renderer (a weighted backend reaching each route
 * through a unix-socket hop, the JSON request log), with a real HAProxy and real backends on loopback.
 */
class RenderedConfigurationIT {
  private static final RouteTarget.ServicePort SERVICE_A =
      new RouteTarget.ServicePort(WorkloadId.parse("sava/sava/sava:1.0.0"), "web");
  private static final RouteTarget.ServicePort SERVICE_B =
      new RouteTarget.ServicePort(WorkloadId.parse("sava/sava/sava:1.1.0"), "web");

  @TempDir
  Path directory;

  private Backend a;
  private Backend b;
  private int port;
  private BoundedRequestLogSink requestLogs;
  private AgentFixture fixture;

  @BeforeEach
  void start() throws IOException {
    a = Backend.start("A");
    b = Backend.start("B");
    port = FreePorts.allocate();
    requestLogs = new BoundedRequestLogSink(10_000);
    fixture = AgentFixture.start(directory, s -> s.withRequestLogs(requestLogs));
  }

  @AfterEach
  void stop() {
    fixture.close();
    a.close();
    b.close();
  }

  private String rendered(int weightA, int weightB) {
    Gateway split = new Gateway("split", Gateway.GatewayKind.STANDALONE, port, Protocol.HTTP, Optional.empty(),
        List.of(), List.of(route("sava:1.0.0", SERVICE_A, weightA), route("sava:1.1.0", SERVICE_B, weightB)),
        Optional.empty(), Optional.empty());
    Endpoints endpoints = Endpoints.builder()
        .add(SERVICE_A, new Endpoint("a-0", "127.0.0.1", a.port()))
        .add(SERVICE_B, new Endpoint("b-0", "127.0.0.1", b.port()))
        .build();
    RenderSettings settings = RenderSettings.defaults(fixture.run)
        .withSyslog(new SyslogTarget("127.0.0.1", fixture.syslogPort, SyslogTarget.Format.RFC5424));
    return HaproxyRenderer.render(List.of(split), endpoints, settings);
  }

  private static Route route(String name, RouteTarget target, int weight) {
    return new Route(name, target, weight, Optional.empty(), 0, List.of(), Balance.ROUNDROBIN);
  }

  @Test
  void renderedWeightChangesGoThroughTheRuntimeApi() throws Exception {
    fixture.apply(rendered(100, 0));
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> Http.body(port).equals("A"));
    assertThat(distribution(50)).isEqualTo(Map.of("A", 50));
    HaproxyProcesses before = fixture.processes();

    fixture.apply(rendered(0, 100));
    assertThat(fixture.agent.status().lastApply().orElseThrow().how()).isEqualTo(AgentStatus.How.RUNTIME);
    assertThat(distribution(50)).isEqualTo(Map.of("B", 50));
    fixture.apply(rendered(90, 10));
    Map<String, Integer> ninetyTen = distribution(200);
    assertThat(ninetyTen.get("B")).isBetween(18, 22);
    assertThat(fixture.processes().workers()).isEqualTo(before.workers());
    assertThat(fixture.processes().reloads()).isEqualTo(before.reloads());
  }

  @Test
  void requestLogsArriveOverSyslogParsed() throws Exception {
    fixture.apply(rendered(100, 0));
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> Http.body(port).equals("A"));
    for (int i = 0; i < 20; i++) {
      Http.get(port, "/logged?i=" + i);
    }
    List<RequestLog> received = new ArrayList<>();
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      requestLogs.drainTo(received, 10_000);
      return received.stream().filter(r -> r.json().contains("/logged?i=")).count() >= 40;
    });
    String gateway = HaproxyIds.gateway("split");
    String routeA = HaproxyIds.route("split", "sava:1.0.0");
    List<RequestLog> atGateway = received.stream().filter(r -> r.frontend().orElse("").equals(gateway))
        .filter(r -> r.json().contains("/logged?i=")).toList();
    assertThat(atGateway).hasSize(20);
    assertThat(atGateway).allSatisfy(r -> {
      assertThat(r.status()).hasValue(200);
      assertThat(r.fields().get("Tt")).isInstanceOf(Integer.class);
      assertThat(r.fields().get("r").toString()).startsWith("GET /logged?i=");
    });
    // each request is logged once more by the hop that reached the route's backend
    assertThat(received).anySatisfy(r -> assertThat(r.backend()).hasValue(routeA));
    AgentStatus.RequestLogCounts counts = fixture.agent.status().requestLogs();
    assertThat(counts.received()).isGreaterThanOrEqualTo(40);
    assertThat(counts.malformed()).isZero();
    assertThat(counts.dropped()).isZero();
  }

  private Map<String, Integer> distribution(int requests) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      counts.merge(Http.body(port), 1, Integer::sum);
    }
    return counts;
  }
}
