package io.vamp.driver.haproxy.render;

import static io.vamp.driver.haproxy.render.Fixtures.http;
import static io.vamp.driver.haproxy.render.Fixtures.route;
import static io.vamp.driver.haproxy.render.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.condition.Condition;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Nothing from a repository or a scheduler can add a directive: every input the renderer places in the
 * configuration is tried with every kind of character that could end a word, a line or a quote, or start a
 * comment or an expansion. The model refuses these upstream; the renderer must refuse them again.
 */
class SafetyTest {

  /** Characters that could end a word, a line or a quote, start a comment or an expansion, or are not ASCII. */
  static Stream<String> hostile() {
    return Stream.of("\n", "\r", "\t", "\u0000", "\u000b", "\u001b", "\u007f", "\u00e9", "\u2028", "#", "'", "\"",
        "\\", " ", "{", "}", "$", "%", "&", ";", "|", "<", ">", "`", "*", "?", "!", "(", ")");
  }

  private static final RouteTarget.ServicePort WEB = service("d/c/s", "web");

  private static void render(List<Gateway> gateways, Endpoints endpoints) {
    HaproxyRenderer.render(gateways, endpoints, Fixtures.settings());
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aGatewayNameWithAnOddCharacterIsRefused(String c) {
    assertRefused(() -> render(List.of(http("gw" + c + "x", 9000, route("r", WEB, 100))), Endpoints.NONE));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aRouteNameWithAnOddCharacterIsRefused(String c) {
    assertRefused(() -> render(List.of(http("gw", 9000, route("r" + c, WEB, 100))), Endpoints.NONE));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void anInstanceNameOrHostWithAnOddCharacterIsRefused(String c) {
    assertRefused(() -> new Endpoint("i" + c, "10.0.0.1", 80));
    assertRefused(() -> new Endpoint("i", "host" + c + "x", 80));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void anExternalHostWithAnOddCharacterIsRefused(String c) {
    Route external = route("ext", new RouteTarget.External("h" + c + "x", 80), 100);
    assertRefused(() -> render(List.of(http("gw", 9000, external)), Endpoints.NONE));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aVirtualHostWithAnOddCharacterIsRefused(String c) {
    Gateway gateway = Fixtures.gateway("gw", 9000, io.vamp.model.artifact.Protocol.HTTP, Optional.empty(),
        List.of("a" + c + ".example.com"), route("r", WEB, 100));
    assertRefused(() -> HaproxyRenderer.render(List.of(gateway), Endpoints.NONE,
        Fixtures.settings().withVirtualHostsPort(8080)));
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aHealthCheckPathWithAnOddCharacterIsRefusedUnlessItIsPlainUrlText(String c) {
    Endpoints endpoints = Endpoints.builder().add(WEB, new Endpoint("i", "10.0.0.1", 80))
        .healthCheck(WEB, new HealthCheck("/health" + c, "web", "HTTP", Duration.ZERO, Duration.ofSeconds(1),
            Duration.ofSeconds(1), 1))
        .build();
    Runnable rendering = () -> render(List.of(http("gw", 9000, route("r", WEB, 100))), endpoints);
    if ("$%&;*?!()".contains(c)) {
      // URL sub-delimiters: legal in a path, and plain words to HAProxy outside double quotes
      assertThatCode(rendering::run).doesNotThrowAnyException();
    } else {
      assertRefused(rendering);
    }
  }

  /** Condition values: the model's records already refuse these; the renderer checks again. */
  @Test
  void conditionValuesTheModelRefusesAreRefusedByTheModelFirst() {
    for (String c : List.of("\n", "'", "\"", "\\", "#", "\u0000", "\u00e9")) {
      assertThatThrownBy(() -> new Condition.UserAgent(io.vamp.model.condition.Match.EQUALS, "a" + c))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Condition.HasCookie("a" + c)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> new Condition.RawAcl("a" + c)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void theRenderersOwnValueCheckAgreesWithTheModel(String c) {
    boolean modelAccepts;
    try {
      new Condition.HeaderContains("X-A", "v" + c, false);
      modelAccepts = true;
    } catch (IllegalArgumentException e) {
      modelAccepts = false;
    }
    boolean rendererAccepts;
    try {
      Safety.aclValue("value", "v" + c);
      rendererAccepts = true;
    } catch (UnsafeInputException e) {
      rendererAccepts = false;
    }
    assertThat(rendererAccepts).as("renderer accepts %s", Safety.printable(c)).isEqualTo(modelAccepts);
  }

  @ParameterizedTest
  @MethodSource("hostile")
  void aRewriteWithALineBreakCommentOrEscapeIsRefused(String c) {
    Route rewritten = new Route("r", WEB, 100, Optional.empty(), 0,
        List.of(new Rewrite("/new" + c, "{ path_beg /old }")), Balance.ROUNDROBIN);
    Route rewrittenCondition = new Route("r", WEB, 100, Optional.empty(), 0,
        List.of(new Rewrite("/new", "{ path_beg /old" + c + " }")), Balance.ROUNDROBIN);
    List<Runnable> renderings = List.of(() -> render(List.of(http("gw", 9000, rewritten)), Endpoints.NONE),
        () -> render(List.of(http("gw", 9000, rewrittenCondition)), Endpoints.NONE));
    boolean pathMayHold = "{}$%&;|<>*?!()".contains(c);
    boolean conditionMayHold = " {}$%&;|<>*?!()".contains(c);
    check(renderings.get(0), pathMayHold);
    check(renderings.get(1), conditionMayHold);
  }

  @Test
  void aRewriteConditionWithDollarInDoubleQuotesOrAnOpenQuoteIsRefused() {
    for (String condition : List.of("{ hdr(x) -m str \"$HOME\" }", "{ hdr(x) -m str 'open }", "{ hdr(x) \"a }")) {
      Route route = new Route("r", WEB, 100, Optional.empty(), 0, List.of(new Rewrite("/", condition)),
          Balance.ROUNDROBIN);
      assertRefused(() -> render(List.of(http("gw", 9000, route)), Endpoints.NONE));
    }
    Route fine = new Route("r", WEB, 100, Optional.empty(), 0,
        List.of(new Rewrite("/", "{ hdr(x) -m str '$HOME' }")), Balance.ROUNDROBIN);
    assertThatCode(() -> render(List.of(http("gw", 9000, fine)), Endpoints.NONE)).doesNotThrowAnyException();
  }

  @Test
  void settingsPathsAndAddressesAreChecked() {
    assertRefused(() -> RenderSettings.defaults(Path.of("/run/va mp")));
    assertRefused(() -> RenderSettings.defaults(Path.of("/run/vamp#x")));
    assertRefused(() -> RenderSettings.defaults(Path.of("relative")));
    assertRefused(() -> RenderSettings.defaults(Path.of("/" + "d".repeat(100))));
    assertRefused(() -> Fixtures.settings().withBindAddress("0.0.0.0\nlisten x"));
    assertRefused(() -> Fixtures.settings().withBindAddress("localhost"));
    assertRefused(() -> new SyslogTarget("127.0.0.1 local0", 514, SyslogTarget.Format.RFC5424));
  }

  @Test
  void everyInputIsCheckedBeforeAnythingIsWritten() {
    // a clean configuration renders; the same with one bad route does not render at all
    List<Gateway> gateways = new ArrayList<>(List.of(http("ok", 9000, route("r", WEB, 100))));
    assertThatCode(() -> render(gateways, Endpoints.NONE)).doesNotThrowAnyException();
    gateways.add(http("bad", 9001, route("r\nlisten evil", WEB, 100)));
    assertRefused(() -> render(gateways, Endpoints.NONE));
  }

  private static void check(Runnable rendering, boolean accepted) {
    if (accepted) {
      assertThatCode(rendering::run).doesNotThrowAnyException();
    } else {
      assertRefused(rendering);
    }
  }

  private static void assertRefused(Runnable action) {
    assertThatThrownBy(action::run).isInstanceOf(UnsafeInputException.class);
  }
}
