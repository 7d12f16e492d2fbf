package io.vamp.driver.haproxy.render;

import static io.vamp.driver.haproxy.render.Fixtures.conditioned;
import static io.vamp.driver.haproxy.render.Fixtures.gateway;
import static io.vamp.driver.haproxy.render.Fixtures.http;
import static io.vamp.driver.haproxy.render.Fixtures.rewritten;
import static io.vamp.driver.haproxy.render.Fixtures.route;
import static io.vamp.driver.haproxy.render.Fixtures.selected;
import static io.vamp.driver.haproxy.render.Fixtures.selectedInstance;
import static io.vamp.driver.haproxy.render.Fixtures.selector;
import static io.vamp.driver.haproxy.render.Fixtures.service;
import static io.vamp.driver.haproxy.render.Fixtures.settings;
import static io.vamp.driver.haproxy.render.Fixtures.sticky;
import static io.vamp.driver.haproxy.render.Fixtures.tcp;

import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.RouteTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One input per feature, each with its golden configuration in {@code src/test/resources/golden}.
 * Every golden file must also pass {@code haproxy -c} (GoldenHaproxyCheckIT).
 */
final class GoldenCases {

  record Case(String name, List<Gateway> gateways, Endpoints endpoints, RenderSettings settings) {
    String file() {
      return name + ".cfg";
    }

    String render() {
      return HaproxyRenderer.render(gateways, endpoints, settings);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final RouteTarget.ServicePort SAVA_100 = service("sava/sava/sava:1.0.0", "web");
  static final RouteTarget.ServicePort SAVA_110 = service("sava/sava/sava:1.1.0", "web");
  static final RouteTarget.ServicePort REDIS = service("store/redis/redis:7", "redis");
  static final RouteTarget.ServicePort SAVA_EU_110 = service("sava-eu/sava/sava:1.1.0", "web");

  /** Two instances of 1.0.0, one of 1.1.0. */
  static Endpoints savaEndpoints() {
    return Endpoints.builder()
        .add(SAVA_100, new Endpoint("sava-1-0-0-a", "10.0.0.11", 31001), new Endpoint("sava-1-0-0-b", "10.0.0.12", 31002))
        .add(SAVA_110, new Endpoint("sava-1-1-0-a", "10.0.0.13", 31003))
        .build();
  }

  static List<Case> all() {
    return List.of(
        new Case("01-single-route", List.of(
            http("sava/sava/web", 40000, route("sava:1.0.0", SAVA_100, 100))), savaEndpoints(), settings()),

        new Case("02-weighted-canary", List.of(
            http("sava/9050", 9050, route("sava:1.0.0", SAVA_100, 90), route("sava:1.1.0", SAVA_110, 10))),
            savaEndpoints(), settings()),

        new Case("03-zero-weights", List.of(
            // 100/0: the canary gets nothing from the split; a route without instances gets no servers
            http("canary", 9060, route("sava:1.0.0", SAVA_100, 100), route("sava:1.1.0", SAVA_110, 0),
                route("sava:2.0.0", service("sava/sava/sava:2.0.0", "web"), 0)),
            // one route at 0%: no default backend at all
            http("dark", 9061, route("sava:1.1.0", SAVA_110, 0))), savaEndpoints(), settings()),

        new Case("04-conditions-user-agent", List.of(
            http("browsers", 9070,
                route("sava:1.0.0", SAVA_100, 100),
                conditioned("firefox", SAVA_110, 0, "user-agent == Firefox", 100),
                conditioned("safari", SAVA_110, 0, "user-agent = Safari", 50),
                conditioned("edge-or-ie", SAVA_110, 0, "user-agent == Edge or user-agent == IE", 25),
                conditioned("not-chrome", SAVA_110, 0, "user-agent != Chrome", 10),
                conditioned("ios", SAVA_110, 0, "user-agent = 'iPhone OS'", 100))),
            savaEndpoints(), settings()),

        new Case("05-conditions-boolean", List.of(
            http("ab", 9080,
                conditioned("grouped", SAVA_100, 80,
                    "(user-agent = Chrome or user-agent = Firefox) and has cookie vamp", 100),
                conditioned("predicates", SAVA_110, 20,
                    "host = example.com and not host = 'internal.example.com:8080' and misses cookie old"
                        + " and has header X-Canary and misses header X-Legacy and cookie group has beta"
                        + " and cookie group misses alpha and header X-Team has blue and header X-Team misses red",
                    50)),
            http("raw", 9081,
                conditioned("raw", SAVA_100, 100, "< hdr_sub(user-agent) Chrome > or not < path_beg /api >", 100)),
            http("degenerate", 9082,
                conditioned("always", SAVA_100, 50, "has cookie a or not has cookie a", 30),
                conditioned("never", SAVA_110, 50, "has cookie a and not has cookie a", 100)),
            http("expanded", 9083,
                // (a1 or b1) and ... and (a5 or b5) has 32 alternatives: rendered with a variable per node
                conditioned("wide", SAVA_100, 100, "(has header a1 or has header b1) and (has header a2 or has header b2)"
                    + " and (has header a3 or has header b3) and (has header a4 or has header b4)"
                    + " and (has header a5 or has header b5)", 100))),
            savaEndpoints(), settings()),

        new Case("06-sticky-route", List.of(
            sticky("sava/9050", 9050, Sticky.ROUTE, route("sava:1.0.0", SAVA_100, 50),
                conditioned("sava:1.1.0", SAVA_110, 50, "has cookie beta", 100))), savaEndpoints(), settings()),

        new Case("07-sticky-instance", List.of(
            sticky("sava/9050", 9050, Sticky.INSTANCE, route("sava:1.0.0", SAVA_100, 50), route("sava:1.1.0", SAVA_110, 50)),
            sticky("single", 9051, Sticky.INSTANCE, route("sava:1.0.0", SAVA_100, 100))), savaEndpoints(), settings()),

        new Case("08-virtual-hosts", List.of(
            gateway("sava/9050", 9050, Protocol.HTTP, Optional.empty(),
                List.of("9050.sava.vamp", "www.example.com", "*.example.com"), route("sava:1.0.0", SAVA_100, 100)),
            gateway("wild", 9051, Protocol.HTTP, Optional.empty(), List.of("*.shop.example.com"),
                route("sava:1.1.0", SAVA_110, 100)),
            gateway("store/6379", 6379, Protocol.TCP, Optional.empty(), List.of("redis.example.com"),
                route("redis", REDIS, 100))),
            savaEndpoints(), settings().withVirtualHostsPort(8080)),

        new Case("09-rewrites", List.of(
            http("images", 9090,
                rewritten("sava:1.0.0", SAVA_100, 100, new Rewrite("/img/%[path]", "{ path_beg /images }"),
                    new Rewrite("/", "{ path /index.html } || { path /home }")))),
            savaEndpoints(), settings()),

        new Case("10-balance", List.of(
            http("balanced", 9100,
                route("roundrobin", SAVA_100, 15, Balance.ROUNDROBIN),
                route("static-rr", SAVA_100, 15, Balance.STATIC_RR),
                route("leastconn", SAVA_100, 15, Balance.LEASTCONN),
                route("first", SAVA_100, 15, Balance.FIRST),
                route("source", SAVA_100, 15, Balance.SOURCE),
                route("uri", SAVA_100, 15, Balance.URI),
                route("random", SAVA_100, 10, Balance.RANDOM)),
            tcp("tcp-uri", 9101, route("uri", REDIS, 100, Balance.URI))),
            withRedis(), settings()),

        new Case("11-health-checks", List.of(
            http("checked", 9110, route("http-check", SAVA_100, 50), route("https-other-port", SAVA_110, 50)),
            tcp("store/6379", 6379, route("redis", REDIS, 100))),
            Endpoints.builder()
                .add(SAVA_100, new Endpoint("sava-1-0-0-a", "10.0.0.11", 31001))
                .healthCheck(SAVA_100, new HealthCheck("/health?deep=1", "web", "HTTP", Duration.ZERO,
                    Duration.ofSeconds(4), Duration.ofSeconds(10), 5))
                .add(SAVA_110, new Endpoint("sava-1-1-0-a", "10.0.0.13", 31003, OptionalInt.of(31013)))
                .healthCheck(SAVA_110, new HealthCheck("/ready", "admin", "HTTPS", Duration.ZERO,
                    Duration.ofMillis(1500), Duration.ofMinutes(1), 3))
                .add(REDIS, new Endpoint("redis-0", "10.0.0.21", 6379))
                .build(),
            settings()),

        new Case("12-no-default-check", List.of(
            http("unchecked", 9120, route("sava:1.0.0", SAVA_100, 100))),
            savaEndpoints(), settings().withDefaultCheck(Optional.empty())),

        new Case("13-tcp", List.of(
            tcp("store/6379", 6379, route("redis:7", REDIS, 70, Balance.LEASTCONN),
                route("legacy", new RouteTarget.External("10.0.0.99", 6379), 30, Balance.LEASTCONN))),
            withRedis(), settings()),

        new Case("14-gateway-and-external-targets", List.of(
            http("sava/sava/web", 40000, route("sava:1.0.0", SAVA_100, 100)),
            http("front", 8000,
                route("sava/sava/web", new RouteTarget.GatewayPort("sava/sava/web"), 60),
                route("[localhost:8081]", new RouteTarget.External("localhost", 8081), 20),
                route("[::1:8082]", new RouteTarget.External("::1", 8082), 20)),
            sticky("front-sticky", 8001, Sticky.INSTANCE,
                route("sava/sava/web", new RouteTarget.GatewayPort("sava/sava/web"), 50),
                route("[127.0.0.1:8083]", new RouteTarget.External("127.0.0.1", 8083), 50))),
            savaEndpoints(), settings()),

        new Case("15-production-settings", List.of(
            gateway("sava/9050", 9050, Protocol.HTTP, Optional.empty(), List.of("9050.sava.vamp"),
                route("sava:1.0.0", SAVA_100, 90), route("sava:1.1.0", SAVA_110, 10))),
            savaEndpoints(), RenderSettings.production(Fixtures.RUN)),

        new Case("16-no-gateways", List.of(), Endpoints.NONE, RenderSettings.production(Fixtures.RUN)),

        // the routes SelectorRouting makes for two versions: 1.1.0 (in two deployments) named with 10%,
        // 1.0.0 not named, so it gets the rest; and a selector testing ip(): only that instance
        new Case("17-selector-routes", List.of(
            selector("by-version", 9170, "label(cluster)(sava) && label(version)((.*))",
                route("1.0.0", selected(SAVA_100), 90), route("1.1.0", selected(SAVA_110, SAVA_EU_110), 10)),
            selector("by-ip", 9171, "ip(10\\.0\\.0\\.12) && label(version)((.*))",
                route("1.0.0", selectedInstance(SAVA_100, "sava-1-0-0-b"), 100))),
            Endpoints.builder()
                .add(SAVA_100, new Endpoint("sava-1-0-0-a", "10.0.0.11", 31001),
                    new Endpoint("sava-1-0-0-b", "10.0.0.12", 31002))
                .add(SAVA_110, new Endpoint("sava-1-1-0-a", "10.0.0.13", 31003))
                .add(SAVA_EU_110, new Endpoint("sava-1-1-0-a", "10.0.1.13", 31003))
                .build(),
            settings()));
  }

  private static Endpoints withRedis() {
    return Endpoints.builder()
        .add(SAVA_100, new Endpoint("sava-1-0-0-a", "10.0.0.11", 31001), new Endpoint("sava-1-0-0-b", "10.0.0.12", 31002))
        .add(SAVA_110, new Endpoint("sava-1-1-0-a", "10.0.0.13", 31003))
        .add(REDIS, new Endpoint("redis-0", "10.0.0.21", 6379), new Endpoint("redis-1", "10.0.0.22", 6379))
        .build();
  }

  private GoldenCases() {}
}
