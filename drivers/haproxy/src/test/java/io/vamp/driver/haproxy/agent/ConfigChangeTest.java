package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.haproxy.render.Endpoint;
import io.vamp.driver.haproxy.render.Endpoints;
import io.vamp.driver.haproxy.render.HaproxyConfig;
import io.vamp.driver.haproxy.render.HaproxyRenderer;
import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.haproxy.render.RuntimeChange;
import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ConfigChangeTest {

  private static String config(String servers) {
    return "global\n    stats socket /r/admin.sock level admin\n\nbackend w\n    balance roundrobin\n" + servers;
  }

  private static final String BASE = config("    server a 10.0.0.1:80 weight 90\n    server b 10.0.0.2:80 weight 10\n");

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("the same text", BASE, new ConfigChange.Unchanged()),
        Arguments.of("weights only", config("    server a 10.0.0.1:80 weight 50\n    server b 10.0.0.2:80 weight 50\n"),
            new ConfigChange.WeightsOnly(List.of("set server w/b weight 50", "set server w/a weight 50"))),
        Arguments.of("one weight", config("    server a 10.0.0.1:80 weight 90\n    server b 10.0.0.2:80 weight 0\n"),
            new ConfigChange.WeightsOnly(List.of("set server w/b weight 0"))),
        Arguments.of("an address", config("    server a 10.0.0.9:80 weight 90\n    server b 10.0.0.2:80 weight 10\n"),
            new ConfigChange.Reload("structure changed")),
        Arguments.of("a server more", BASE + "    server c 10.0.0.3:80 weight 10\n",
            new ConfigChange.Reload("structure changed")),
        Arguments.of("an option next to a weight",
            config("    server a 10.0.0.1:80 weight 90 check\n    server b 10.0.0.2:80 weight 10\n"),
            new ConfigChange.Reload("structure changed")),
        Arguments.of("a comment", BASE + "# changed\n", new ConfigChange.Reload("structure changed")),
        Arguments.of("default-server weight", BASE.replace("balance roundrobin", "balance roundrobin\n    default-server weight 2"),
            new ConfigChange.Reload("structure changed")),
        Arguments.of("the same weight written differently",
            config("    server a 10.0.0.1:80 weight 090\n    server b 10.0.0.2:80 weight 10\n"),
            new ConfigChange.Reload("text changed")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pairs")
  void decidesBetweenNothingRuntimeCommandsAndAReload(String what, String after, ConfigChange expected) {
    assertThat(ConfigChange.between(ConfigText.parse(BASE), ConfigText.parse(after))).isEqualTo(expected);
  }

  @Test
  void raisedWeightsGoFirstSoThatNoMomentHasEveryServerAtZero() {
    String allA = config("    server a 10.0.0.1:80 weight 100\n    server b 10.0.0.2:80 weight 0\n");
    String allB = config("    server a 10.0.0.1:80 weight 0\n    server b 10.0.0.2:80 weight 100\n");
    assertThat(ConfigChange.between(ConfigText.parse(allA), ConfigText.parse(allB)))
        .isEqualTo(new ConfigChange.WeightsOnly(List.of("set server w/b weight 100", "set server w/a weight 0")));
  }

  @Test
  void agreesWithTheRenderersOwnDecisionOnRenderedConfigurations() {
    HaproxyConfig ninetyTen = render(90, 10);
    HaproxyConfig fiftyFifty = render(50, 50);
    HaproxyConfig moved = render(50, 50, 31002);

    RuntimeChange rendererSays = RuntimeChange.between(ninetyTen, fiftyFifty);
    ConfigChange agentSays = ConfigChange.between(ConfigText.parse(ninetyTen.text()),
        ConfigText.parse(fiftyFifty.text()));
    assertThat(rendererSays).isInstanceOf(RuntimeChange.WeightsOnly.class);
    assertThat(agentSays).isInstanceOf(ConfigChange.WeightsOnly.class);
    assertThat(((ConfigChange.WeightsOnly) agentSays).commands())
        .containsExactlyInAnyOrderElementsOf(((RuntimeChange.WeightsOnly) rendererSays).commands());

    assertThat(RuntimeChange.between(fiftyFifty, moved)).isInstanceOf(RuntimeChange.Reload.class);
    assertThat(ConfigChange.between(ConfigText.parse(fiftyFifty.text()), ConfigText.parse(moved.text())))
        .isInstanceOf(ConfigChange.Reload.class);
    assertThat(ConfigText.parse(ninetyTen.text()).weights()).isEqualTo(ninetyTen.weights());
  }

  private static HaproxyConfig render(int weightA, int weightB) {
    return render(weightA, weightB, 31001);
  }

  private static HaproxyConfig render(int weightA, int weightB, int portB) {
    RouteTarget.ServicePort a = new RouteTarget.ServicePort(WorkloadId.parse("sava/sava/sava:1.0.0"), "web");
    RouteTarget.ServicePort b = new RouteTarget.ServicePort(WorkloadId.parse("sava/sava/sava:1.1.0"), "web");
    Gateway gateway = new Gateway("sava", Gateway.GatewayKind.STANDALONE, 9050, Protocol.HTTP, Optional.empty(),
        List.of(), List.of(new Route("sava:1.0.0", a, weightA, Optional.empty(), 0, List.of(), Balance.ROUNDROBIN),
            new Route("sava:1.1.0", b, weightB, Optional.empty(), 0, List.of(), Balance.ROUNDROBIN)),
        Optional.empty(), Optional.empty());
    Endpoints endpoints = Endpoints.builder().add(a, new Endpoint("a-0", "10.0.0.1", 31000))
        .add(b, new Endpoint("b-0", "10.0.0.2", portB)).build();
    return HaproxyRenderer.plan(List.of(gateway), endpoints, RenderSettings.defaults(Path.of("/run/vamp")));
  }
}
