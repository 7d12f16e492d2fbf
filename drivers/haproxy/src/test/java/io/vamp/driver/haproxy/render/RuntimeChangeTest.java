package io.vamp.driver.haproxy.render;

import static io.vamp.driver.haproxy.render.Fixtures.conditioned;
import static io.vamp.driver.haproxy.render.Fixtures.http;
import static io.vamp.driver.haproxy.render.Fixtures.route;
import static io.vamp.driver.haproxy.render.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.state.Gateway;
import io.vamp.model.state.RouteTarget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Old and new gateways side by side, and what it takes to go from one to the other. */
class RuntimeChangeTest {

  private static final RouteTarget.ServicePort A = service("d/c/a", "web");
  private static final RouteTarget.ServicePort B = service("d/c/b", "web");
  private static final RouteTarget.ServicePort C = service("d/c/c", "web");
  private static final Endpoints TWO = Endpoints.builder().add(A, new Endpoint("a-1", "10.0.0.1", 8080))
      .add(B, new Endpoint("b-1", "10.0.0.2", 8080)).build();
  private static final Endpoints THREE = Endpoints.builder().add(A, new Endpoint("a-1", "10.0.0.1", 8080))
      .add(B, new Endpoint("b-1", "10.0.0.2", 8080), new Endpoint("b-2", "10.0.0.3", 8080)).build();

  private static String weights(String gateway) {
    return HaproxyIds.weights(gateway);
  }

  private static String server(String gateway, String route) {
    return weights(gateway) + "/" + HaproxyIds.routeServer(gateway, route);
  }

  static Stream<Arguments> pairs() {
    Gateway split9010 = http("g", 9000, route("a", A, 90), route("b", B, 10));
    Gateway split5050 = http("g", 9000, route("a", A, 50), route("b", B, 50));
    Gateway split1000 = http("g", 9000, route("a", A, 100), route("b", B, 0));
    Gateway other = http("h", 9001, route("a", A, 30), route("b", B, 70));
    Gateway other7030 = http("h", 9001, route("a", A, 70), route("b", B, 30));
    return Stream.of(
        Arguments.of("same gateways", List.of(split9010), TWO, List.of(split9010), TWO, new RuntimeChange.Unchanged()),
        // raises first: between the two commands no server has fallen to zero
        Arguments.of("90/10 to 50/50", List.of(split9010), TWO, List.of(split5050), TWO,
            new RuntimeChange.WeightsOnly(List.of("set server " + server("g", "b") + " weight 50",
                "set server " + server("g", "a") + " weight 50"))),
        Arguments.of("canary to zero", List.of(split9010), TWO, List.of(split1000), TWO,
            new RuntimeChange.WeightsOnly(List.of("set server " + server("g", "a") + " weight 100",
                "set server " + server("g", "b") + " weight 0"))),
        Arguments.of("all to the other side", List.of(split1000), TWO,
            List.of(http("g", 9000, route("a", A, 0), route("b", B, 100))), TWO,
            new RuntimeChange.WeightsOnly(List.of("set server " + server("g", "b") + " weight 100",
                "set server " + server("g", "a") + " weight 0"))),
        Arguments.of("two gateways, one changes", List.of(split9010, other), TWO, List.of(split9010, other7030), TWO,
            new RuntimeChange.WeightsOnly(List.of("set server " + server("h", "a") + " weight 70",
                "set server " + server("h", "b") + " weight 30"))),
        Arguments.of("a zero-weight route's instances change", List.of(split1000), TWO, List.of(split1000), THREE,
            new RuntimeChange.Reload()),
        Arguments.of("weights and instances", List.of(split9010), TWO, List.of(split5050), THREE,
            new RuntimeChange.Reload()),
        Arguments.of("a new instance", List.of(split9010), TWO, List.of(split9010), THREE, new RuntimeChange.Reload()),
        Arguments.of("a new route", List.of(split9010), TWO,
            List.of(http("g", 9000, route("a", A, 90), route("b", B, 5), route("c", C, 5))), TWO,
            new RuntimeChange.Reload()),
        Arguments.of("one route to two", List.of(http("g", 9000, route("a", A, 100))), TWO, List.of(split1000), TWO,
            new RuntimeChange.Reload()),
        Arguments.of("a condition strength", List.of(http("g", 9000, route("a", A, 90),
                conditioned("b", B, 10, "has cookie x", 100))), TWO,
            List.of(http("g", 9000, route("a", A, 90), conditioned("b", B, 10, "has cookie x", 50))), TWO,
            new RuntimeChange.Reload()),
        Arguments.of("a condition and the weights", List.of(split9010), TWO,
            List.of(http("g", 9000, route("a", A, 50), conditioned("b", B, 50, "has cookie x", 100))), TWO,
            new RuntimeChange.Reload()),
        Arguments.of("a new gateway", List.of(split9010), TWO, List.of(split9010, other), TWO,
            new RuntimeChange.Reload()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void decidesBetweenNothingWeightsAndReload(String name, List<Gateway> before, Endpoints beforeEndpoints,
      List<Gateway> after, Endpoints afterEndpoints, RuntimeChange expected) {
    assertThat(RuntimeChange.between(before, beforeEndpoints, after, afterEndpoints, Fixtures.settings()))
        .isEqualTo(expected);
  }
}
