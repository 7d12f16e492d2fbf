package io.vamp.model.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.condition.ConditionParser;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Making a selector gateway's routes from this daemon's workloads. */
class SelectorRoutingTest {

  private static final Workload SAVA_1 = workload("sava", "sava", "sava:1.0.0", Deployable.Type.DOCKER,
      "magneticio/sava:1.0.0", new Port("web", 8080, Protocol.HTTP), new Port("admin", 9090, Protocol.HTTP));
  private static final Workload SAVA_2 = workload("sava", "sava", "sava:1.1.0", Deployable.Type.DOCKER,
      "magneticio/sava:1.1.0", new Port("web", 8080, Protocol.HTTP));
  private static final Workload SAVA_2_AGAIN = workload("sava-eu", "sava", "sava:1.1.0", Deployable.Type.DOCKER,
      "magneticio/sava:1.1.0", new Port("web", 8080, Protocol.HTTP));
  private static final Workload CART = workload("shop", "cart", "cart", Deployable.Type.COMMAND,
      "java Cart.java", new Port("http", 3000, Protocol.HTTP));

  private static Workload workload(String deployment, String cluster, String service, Deployable.Type type,
      String definition, Port... ports) {
    return new Workload(new WorkloadId(deployment, cluster, service), new Deployable(type, definition), List.of(ports),
        new java.util.TreeMap<>(), Resources.DEFAULT, List.of(), List.of(), Dialects.NONE, List.of());
  }

  private static Gateway gateway(String selector, Route... named) {
    return new Gateway("g", Gateway.GatewayKind.STANDALONE, 9070, Protocol.HTTP, Optional.empty(), List.of(),
        List.of(named), Optional.empty(), Optional.of(selector));
  }

  private static Route named(String name, int weight) {
    return new Route(name, new RouteTarget.Selected(List.of()), weight, Optional.empty(), 0, List.of(),
        Balance.ROUNDROBIN);
  }

  private static List<SelectorTarget> declared(Workload... workloads) {
    return java.util.Arrays.stream(workloads).map(w -> SelectorTarget.of(w, "shop-ns")).toList();
  }

  private static SelectorRouting.Routed route(String selector, List<SelectorTarget> targets) {
    return SelectorRouting.route(gateway(selector), targets);
  }

  private static List<String> routeNames(SelectorRouting.Routed routed) {
    return routed.gateway().routes().stream().map(Route::name).toList();
  }

  private static RouteTarget.Selected.Member member(Workload w, String port) {
    return new RouteTarget.Selected.Member(w.id(), port, Optional.empty());
  }

  @Test
  void eachFunctionTestsWhatTheDaemonKnowsOfItsWorkloads() {
    List<SelectorTarget> all = declared(SAVA_1, SAVA_2, CART);
    assertThat(routeNames(route("name(sava/sava/sava:1\\.0\\.0)", all))).containsExactly("sava/sava/sava:1.0.0");
    assertThat(routeNames(route("kind(command)", all))).containsExactly("shop/cart/cart");
    assertThat(routeNames(route("kind(container)", all))).containsExactly("sava/sava/sava:1.0.0", "sava/sava/sava:1.1.0");
    assertThat(routeNames(route("namespace(shop-ns) && label(cluster)(cart)", all))).containsExactly("shop/cart/cart");
    assertThat(routeNames(route("namespace(other)", all))).isEmpty();
    assertThat(routeNames(route("image(magneticio/sava:1\\.1\\..*)", all))).containsExactly("sava/sava/sava:1.1.0");
    // a command has no image: image(.*) never selects it
    assertThat(routeNames(route("image(.*)", all))).doesNotContain("shop/cart/cart");
    assertThat(routeNames(route("label(deployment)(shop)", all))).containsExactly("shop/cart/cart");
    assertThat(routeNames(route("label(service)(sava:1\\.0\\.0)", all))).containsExactly("sava/sava/sava:1.0.0");
    assertThat(routeNames(route("label(version)(1\\.1\\.0)", all))).containsExactly("sava/sava/sava:1.1.0");
    // a service name without ':' has no version label
    assertThat(routeNames(route("label(version)(.*) && label(cluster)(cart)", all))).isEmpty();
  }

  @Test
  void portAndPortIndexTestTheDeclaredPortsAndPickTheRoutedPort() {
    SelectorRouting.Routed byNumber = route("port(9090)", declared(SAVA_1, SAVA_2));
    assertThat(byNumber.gateway().routes()).singleElement().satisfies(r ->
        assertThat(((RouteTarget.Selected) r.target()).members()).containsExactly(member(SAVA_1, "admin")));
    SelectorRouting.Routed byIndex = route("label(cluster)(sava) && port_index(0)", declared(SAVA_1, SAVA_2));
    assertThat(byIndex.gateway().routes()).extracting(r -> r.target().toString())
        .containsExactly("sava/sava/sava:1.0.0/web", "sava/sava/sava:1.1.0/web");
  }

  @Test
  void ipIsAnInstancesAddressAndSelectsOnlyThatInstance() {
    List<SelectorTarget> running = List.of(
        SelectorTarget.instance(SAVA_2, "shop-ns", "sava-a", "10.0.0.1"),
        SelectorTarget.instance(SAVA_2, "shop-ns", "sava-b", "10.0.0.2"));
    SelectorRouting.Routed one = route("ip(10\\.0\\.0\\.2) && label(version)((.*))", running);
    assertThat(one.gateway().routes()).singleElement().satisfies(r -> assertThat(r.target())
        .isEqualTo(new RouteTarget.Selected(List.of(new RouteTarget.Selected.Member(SAVA_2.id(), "web",
            Optional.of("sava-b"))))));
    // every instance selected: the route targets the port, all of its instances
    SelectorRouting.Routed both = route("ip(10\\.0\\.0\\..*) && label(version)((.*))", running);
    assertThat(both.gateway().routes()).singleElement().satisfies(r -> assertThat(r.target())
        .isEqualTo(new RouteTarget.Selected(List.of(member(SAVA_2, "web")))));
    // a workload considered without instances has no address
    assertThat(route("ip(.*)", declared(SAVA_2)).gateway().routes()).isEmpty();
  }

  @Test
  void aCaptureGroupMakesOneRoutePerCapturedValueSharingWeightEqually() {
    SelectorRouting.Routed routed = route("label(cluster)(sava) && label(version)((.*))",
        declared(SAVA_2_AGAIN, SAVA_1, SAVA_2, CART));
    assertThat(routeNames(routed)).containsExactly("1.0.0", "1.1.0");
    assertThat(routed.gateway().routes()).extracting(Route::weight).containsExactly(50, 50);
    Route v11 = routed.gateway().route("1.1.0").orElseThrow();
    assertThat(((RouteTarget.Selected) v11.target()).members())
        .containsExactly(member(SAVA_2, "web"), member(SAVA_2_AGAIN, "web"));
    assertThat(v11.balance()).isEqualTo(Balance.ROUNDROBIN);
    assertThat(routed.notes()).isEmpty();
  }

  @Test
  void aThreeWaySplitGivesTheRemainderToTheFirstRoutesByName() {
    Workload third = workload("sava", "sava", "sava:1.2.0", Deployable.Type.DOCKER, "magneticio/sava:1.2.0",
        new Port("web", 8080, Protocol.HTTP));
    SelectorRouting.Routed routed = route("label(version)((.*))", declared(third, SAVA_2, SAVA_1));
    assertThat(routed.gateway().routes()).extracting(Route::name, Route::weight)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", 34), org.assertj.core.groups.Tuple.tuple("1.1.0", 33),
            org.assertj.core.groups.Tuple.tuple("1.2.0", 33));
  }

  @Test
  void theSameWorkloadsInAnyOrderGiveTheSameGateway() {
    List<SelectorTarget> targets = new ArrayList<>(declared(SAVA_1, SAVA_2, SAVA_2_AGAIN, CART));
    targets.addAll(List.of(SelectorTarget.instance(SAVA_1, "n", "i-1", "10.0.0.1"),
        SelectorTarget.instance(SAVA_1, "n", "i-2", "10.0.0.2")));
    Gateway first = route("label(version)((.*)) || kind(command)", targets).gateway();
    for (int seed = 0; seed < 5; seed++) {
      List<SelectorTarget> shuffled = new ArrayList<>(targets);
      Collections.shuffle(shuffled, new java.util.Random(seed));
      assertThat(route("label(version)((.*)) || kind(command)", shuffled).gateway()).isEqualTo(first);
    }
  }

  @Test
  void aNamedRouteKeepsItsWeightAndConditionAndANewVersionGetsWhatIsLeft() {
    Route pinned = new Route("1.0.0", new RouteTarget.Selected(List.of()), 100,
        Optional.of(ConditionParser.parse("user-agent = Firefox").orElseThrow()), 100, List.of(), Balance.LEASTCONN);
    SelectorRouting.Routed routed = SelectorRouting.route(gateway("label(version)((.*))", pinned),
        declared(SAVA_1, SAVA_2));
    assertThat(routed.gateway().routes()).extracting(Route::name, Route::weight)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", 100), org.assertj.core.groups.Tuple.tuple("1.1.0", 0));
    Route kept = routed.gateway().route("1.0.0").orElseThrow();
    assertThat(kept.condition()).isPresent();
    assertThat(kept.conditionStrength()).isEqualTo(100);
    assertThat(kept.balance()).isEqualTo(Balance.LEASTCONN);
    assertThat(kept.target()).isEqualTo(new RouteTarget.Selected(List.of(member(SAVA_1, "web"), member(SAVA_1, "admin"))));

    SelectorRouting.Routed split = SelectorRouting.route(gateway("label(version)((.*))", named("1.0.0", 70)),
        declared(SAVA_1, SAVA_2));
    assertThat(split.gateway().routes()).extracting(Route::weight).containsExactly(70, 30);
  }

  @Test
  void namedRoutesOfWhichSomeDoNotRunAreScaledToAHundredWithANote() {
    SelectorRouting.Routed routed = SelectorRouting.route(
        gateway("label(version)((.*))", named("1.0.0", 30), named("1.1.0", 30), named("9.9.9", 40)),
        declared(SAVA_1, SAVA_2));
    assertThat(routed.gateway().routes()).extracting(Route::weight).containsExactly(50, 50);
    assertThat(routed.notes()).anySatisfy(n -> assertThat(n).contains("'9.9.9'").contains("matches nothing"))
        .anySatisfy(n -> assertThat(n).contains("total 60%").contains("scaled"));
  }

  @Test
  void noMatchGivesAGatewayWithoutRoutesAndSaysSo() {
    SelectorRouting.Routed routed = route("label(cluster)(nothing-like-this)", declared(SAVA_1, CART));
    assertThat(routed.gateway().routes()).isEmpty();
    assertThat(routed.gateway().selector()).contains("label(cluster)(nothing-like-this)");
    assertThat(routed.notes()).singleElement().asString()
        .contains("label(cluster)(nothing-like-this)").contains("matches nothing").contains("no routes");
    assertThat(route("label(cluster)(sava)", List.of()).gateway().routes()).isEmpty();
  }

  @Test
  void aCapturedTextThatIsNoRouteNameIsHashedWithANote() {
    Workload odd = workload("odd", "odd", "odd:1 0", Deployable.Type.DOCKER, "x/odd:1", new Port("web", 80, Protocol.HTTP));
    SelectorRouting.Routed routed = route("label(version)((.*))", declared(odd));
    assertThat(routeNames(routed)).singleElement().asString().matches("route-[0-9a-f]{12}");
    assertThat(routed.notes()).singleElement().asString().contains("'1 0'").contains(routeNames(routed).get(0));
  }

  @Test
  void aGatewayWithoutSelectorIsLeftAsItIs() {
    Gateway fixed = new Gateway("f", Gateway.GatewayKind.STANDALONE, 9071, Protocol.HTTP, Optional.empty(), List.of(),
        List.of(new Route("x", new RouteTarget.External("example.org", 80), 100, Optional.empty(), 0, List.of(),
            Balance.ROUNDROBIN)), Optional.empty(), Optional.empty());
    SelectorRouting.Routed routed = SelectorRouting.route(fixed, declared(SAVA_1));
    assertThat(routed.gateway()).isSameAs(fixed);
    assertThat(routed.notes()).isEmpty();
  }

  @Test
  void invalidInputsAreRefusedOrNoted() {
    Candidate candidate = new Candidate("n", "k", "ns", "", Map.of(), "", List.of(80));
    assertThatThrownBy(() -> new SelectorTarget(candidate, SAVA_1.id(), List.of("a", "b"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one port name per port");
    SelectorRouting.Routed broken = route("label(app", declared(SAVA_1));
    assertThat(broken.gateway().routes()).isEmpty();
    assertThat(broken.notes()).singleElement().asString().contains("does not parse");
    // a workload without ports cannot be routed to
    Workload portless = workload("p", "p", "p:1", Deployable.Type.DOCKER, "x/p:1");
    assertThat(route("label(version)((.*))", declared(portless)).gateway().routes()).isEmpty();
  }
}
