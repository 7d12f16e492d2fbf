package io.vamp.driver.haproxy.render;

import static io.vamp.driver.haproxy.render.Fixtures.conditioned;
import static io.vamp.driver.haproxy.render.Fixtures.gateway;
import static io.vamp.driver.haproxy.render.Fixtures.http;
import static io.vamp.driver.haproxy.render.Fixtures.route;
import static io.vamp.driver.haproxy.render.Fixtures.service;
import static io.vamp.driver.haproxy.render.Fixtures.settings;
import static io.vamp.driver.haproxy.render.Fixtures.sticky;
import static io.vamp.driver.haproxy.render.Fixtures.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.RouteTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class HaproxyRendererTest {

  private static final RouteTarget.ServicePort A = service("d/c/a", "web");
  private static final RouteTarget.ServicePort B = service("d/c/b", "web");

  private static Endpoints endpoints() {
    return Endpoints.builder().add(A, new Endpoint("a-1", "10.0.0.1", 8080), new Endpoint("a-2", "10.0.0.2", 8080))
        .add(B, new Endpoint("b-1", "10.0.0.3", 8080)).build();
  }

  private static String render(Gateway... gateways) {
    return HaproxyRenderer.render(List.of(gateways), endpoints(), settings());
  }

  @Test
  void theOrderOfGatewaysAndInstancesDoesNotChangeTheText() {
    List<Gateway> gateways = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      gateways.add(http("g" + i, 9000 + i, route("a", A, 60), route("b", B, 40)));
    }
    String expected = HaproxyRenderer.render(gateways, endpoints(), settings());
    Collections.shuffle(gateways, new java.util.Random(7));
    Endpoints reordered = Endpoints.builder().add(B, new Endpoint("b-1", "10.0.0.3", 8080))
        .add(A, new Endpoint("a-2", "10.0.0.2", 8080), new Endpoint("a-1", "10.0.0.1", 8080)).build();
    assertThat(HaproxyRenderer.render(gateways, reordered, settings())).isEqualTo(expected);
  }

  @Test
  void routeWeightsAreTheServerWeightsOfTheWeightedBackend() {
    HaproxyConfig config = HaproxyRenderer.plan(List.of(http("g", 9000, route("a", A, 90), route("b", B, 10))),
        endpoints(), settings());
    assertThat(config.weights()).containsExactlyInAnyOrderEntriesOf(Map.of(
        HaproxyIds.weights("g") + "/" + HaproxyIds.routeServer("g", "a"), 90,
        HaproxyIds.weights("g") + "/" + HaproxyIds.routeServer("g", "b"), 10));
    assertThat(config.text()).contains("default_backend " + HaproxyIds.weights("g"))
        .contains("backend " + HaproxyIds.weights("g") + "\n    mode http\n    balance roundrobin\n");
  }

  @Test
  void aZeroWeightRouteKeepsItsServerAtWeightZero() {
    String text = render(http("g", 9000, route("a", A, 100), route("b", B, 0)));
    assertThat(text).contains("server " + HaproxyIds.routeServer("g", "b") + " unix@/run/vamp/"
        + HaproxyIds.routeSocket("g", "b") + " weight 0 send-proxy-v2");
  }

  @Test
  void aSingleRouteIsTheDefaultBackendWithoutAHop() {
    String text = render(http("g", 9000, route("a", A, 100)));
    assertThat(text).contains("default_backend " + HaproxyIds.route("g", "a")).doesNotContain(".weights")
        .doesNotContain(".hop");
  }

  @Test
  void aSingleRouteAtZeroPercentGetsNoTrafficFromTheSplit() {
    String text = render(http("g", 9000, route("a", A, 0)));
    assertThat(text).doesNotContain("default_backend");
  }

  @Test
  void conditionStrengthDecidesTheDraw() {
    String full = render(http("g", 9000, route("a", A, 100), conditioned("b", B, 0, "has cookie x", 100)));
    assertThat(full).contains("use_backend " + HaproxyIds.route("g", "b") + " if vamp_c1_a0 { nbsrv(")
        .doesNotContain("rand(");
    String half = render(http("g", 9000, route("a", A, 100), conditioned("b", B, 0, "has cookie x", 50)));
    assertThat(half).contains("use_backend " + HaproxyIds.route("g", "b") + " if vamp_c1_a0 { rand(100) lt 50 } {");
    String none = render(http("g", 9000, route("a", A, 100), conditioned("b", B, 0, "has cookie x", 0)));
    assertThat(none).doesNotContain("vamp_c1").doesNotContain("use_backend");
  }

  @Test
  void conditionsAreTriedInRouteOrderAfterStickiness() {
    String text = render(sticky("g", 9000, Sticky.ROUTE, conditioned("a", A, 50, "has cookie x", 100),
        conditioned("b", B, 50, "has cookie y", 100)));
    int stickyA = text.indexOf("use_backend " + HaproxyIds.route("g", "a") + " if { var(txn.vamp_sticky)");
    int stickyB = text.indexOf("use_backend " + HaproxyIds.route("g", "b") + " if { var(txn.vamp_sticky)");
    int conditionA = text.indexOf("use_backend " + HaproxyIds.route("g", "a") + " if vamp_c0_a0");
    int conditionB = text.indexOf("use_backend " + HaproxyIds.route("g", "b") + " if vamp_c1_a0");
    assertThat(stickyA).isPositive().isLessThan(stickyB);
    assertThat(stickyB).isLessThan(conditionA);
    assertThat(conditionA).isLessThan(conditionB);
  }

  @Test
  void instanceCookiesDependOnlyOnTheInstance() {
    Gateway gateway = sticky("g", 9000, Sticky.INSTANCE, route("a", A, 100));
    String before = HaproxyRenderer.render(List.of(gateway), Endpoints.builder()
        .add(A, new Endpoint("a-2", "10.0.0.2", 8080)).build(), settings());
    String after = HaproxyRenderer.render(List.of(gateway), Endpoints.builder()
        .add(A, new Endpoint("a-1", "10.0.0.1", 8080), new Endpoint("a-2", "10.0.0.2", 8080)).build(), settings());
    String cookie = "cookie " + HaproxyIds.routeCookie("g", "a") + "." + HaproxyIds.hash("a-2");
    assertThat(before).contains(cookie);
    assertThat(after).contains(cookie);
  }

  @Test
  void aRouteWithoutInstancesHasNoServers() {
    String text = HaproxyRenderer.render(List.of(http("g", 9000, route("a", A, 100))), Endpoints.NONE, settings());
    assertThat(text).contains("backend " + HaproxyIds.route("g", "a")).doesNotContain("    server ");
  }

  @Test
  void requestLogsAreWrittenOnlyWithASyslogTarget() {
    Gateway gateway = tcp("t", 9000, route("a", A, 100));
    assertThat(render(gateway)).doesNotContain("log-format").doesNotContain("    log ");
    String logged = HaproxyRenderer.render(List.of(gateway), endpoints(),
        settings().withSyslog(SyslogTarget.parse("127.0.0.1:5140")));
    assertThat(logged).contains("log 127.0.0.1:5140 len 65535 format rfc5424 local0 info")
        .contains("log 127.0.0.1:5140 len 65535 format rfc5424 local1 notice")
        .contains("log-format '{\"ci\"").contains("\"ts\":\"%ts\"");
  }

  @Test
  void virtualHostsOfTcpGatewaysAreNotServed() {
    Gateway redis = gateway("t", 6379, Protocol.TCP, Optional.empty(), List.of("redis.example.com"), route("a", A, 100));
    String text = HaproxyRenderer.render(List.of(redis), endpoints(), settings().withVirtualHostsPort(8080));
    assertThat(text).doesNotContain("redis.example.com").doesNotContain(HaproxyRenderer.VIRTUAL_HOSTS_FRONTEND);
  }

  @Test
  void aGatewayReachedFromAnotherListensOnItsSocketToo() {
    String text = render(http("inner", 9000, route("a", A, 100)),
        http("outer", 9001, route("inner", new RouteTarget.GatewayPort("inner"), 100)));
    assertThat(text).contains("bind unix@/run/vamp/" + HaproxyIds.gatewaySocket("inner") + " mode 600 accept-proxy")
        .doesNotContain("bind unix@/run/vamp/" + HaproxyIds.gatewaySocket("outer"));
  }

  @Test
  void gatewaysThatCannotBeRenderedTogetherAreRefused() {
    assertThatThrownBy(() -> render(http("a", 9000, route("a", A, 100)), http("b", 9000, route("b", B, 100))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 9000");
    assertThatThrownBy(() -> HaproxyRenderer.render(List.of(http("a", 1988, route("a", A, 100))), endpoints(),
        settings().withHealthPort(1988))).hasMessageContaining("health");
    assertThatThrownBy(() -> render(http("a", 9000, route("x", new RouteTarget.GatewayPort("missing"), 100))))
        .hasMessageContaining("missing");
    assertThatThrownBy(() -> render(http("a", 9000, route("x", new RouteTarget.GatewayPort("a"), 100))))
        .hasMessageContaining("its own gateway");
    assertThatThrownBy(() -> render(http("a", 9000, route("x", A, 50), route("x", B, 50))))
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> render(Fixtures.gateway("t", 9000, Protocol.TCP, Optional.of(Sticky.ROUTE), List.of(),
        route("a", A, 100)))).hasMessageContaining("tcp");
    assertThatThrownBy(() -> render(tcp("t", 9000, conditioned("a", A, 100, "has cookie x", 100))))
        .hasMessageContaining("tcp");
    Gateway one = gateway("one", 9000, Protocol.HTTP, Optional.empty(), List.of("Shop.example.com"), route("a", A, 100));
    Gateway two = gateway("two", 9001, Protocol.HTTP, Optional.empty(), List.of("shop.example.com"), route("b", B, 100));
    assertThatThrownBy(() -> HaproxyRenderer.render(List.of(one, two), endpoints(), settings().withVirtualHostsPort(80)))
        .hasMessageContaining("virtual host");
  }

  @Test
  void endpointsFromSchedulerInstancesKeepTheReadyOnesAndTheirCheckPort() {
    HealthCheck check = new HealthCheck("/health", "admin", "HTTP", Duration.ZERO, Duration.ofSeconds(2),
        Duration.ofSeconds(5), 3);
    Endpoints endpoints = Endpoints.builder().instances(A, List.of(
        new Instance("a-1", "10.0.0.1", Map.of("web", 31000, "admin", 31001), true),
        new Instance("a-2", "10.0.0.2", Map.of("web", 31002, "admin", 31003), false),
        new Instance("a-3", "10.0.0.3", Map.of("admin", 31005), true)), List.of(check)).build();
    assertThat(endpoints.target(A).endpoints()).containsExactly(
        new Endpoint("a-1", "10.0.0.1", 31000, OptionalInt.of(31001)));
    assertThat(endpoints.target(A).healthCheck()).contains(check);
    String text = HaproxyRenderer.render(List.of(http("g", 9000, route("a", A, 100))), endpoints, settings());
    assertThat(text).contains("http-check send meth GET uri /health")
        .contains("10.0.0.1:31000 check port 31001 inter 5s fall 3 rise 2");
  }

  @Test
  void aDuplicateInstanceIsRefused() {
    assertThatThrownBy(() -> Endpoints.builder()
        .add(A, new Endpoint("a-1", "10.0.0.1", 8080), new Endpoint("a-1", "10.0.0.2", 8080)).build())
        .hasMessageContaining("twice");
  }

  @Test
  void aSelectorRouteServesEveryInstanceOfTwoWorkloadsEvenWithTheSameInstanceNameAndPort() {
    RouteTarget.ServicePort eu = service("eu/c/a", "web");
    Endpoints same = Endpoints.builder().add(A, new Endpoint("x-0", "10.0.0.1", 8080))
        .add(eu, new Endpoint("x-0", "10.0.1.1", 8080)).build();
    Gateway gateway = new Gateway("g", Gateway.GatewayKind.STANDALONE, 9000, Protocol.HTTP,
        Optional.of(Sticky.INSTANCE), List.of(), List.of(route("a", Fixtures.selected(A, eu), 100)),
        Optional.empty(), Optional.of("label(service)((.*))"));
    String text = HaproxyRenderer.render(List.of(gateway), same, settings());
    List<String> servers = text.lines().filter(l -> l.trim().startsWith("server x_0_8080__")).toList();
    assertThat(servers).hasSize(2);
    assertThat(servers).anyMatch(l -> l.contains(" 10.0.0.1:8080 ")).anyMatch(l -> l.contains(" 10.0.1.1:8080 "));
    assertThat(servers.stream().map(l -> l.trim().split(" ")[1]).distinct()).as("server names").hasSize(2);
    assertThat(servers.stream().map(l -> l.replaceAll(".* cookie (\\S+).*", "$1")).distinct()).as("cookies")
        .hasSize(2);
  }

  @Test
  void timesUseTheLargestWholeUnit() {
    assertThat(HaproxyRenderer.time(Duration.ofHours(2))).isEqualTo("2h");
    assertThat(HaproxyRenderer.time(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(HaproxyRenderer.time(Duration.ofSeconds(90))).isEqualTo("90s");
    assertThat(HaproxyRenderer.time(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(HaproxyRenderer.time(Duration.ZERO)).isEqualTo("1ms");
  }
}
