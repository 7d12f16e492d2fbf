package io.vamp.model.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** Evaluating selectors against what a scheduler reports. */
class SelectorMatchTest {

  private static final Candidate SAVA_1 = new Candidate("sava-1-0-3", "deployment", "shop",
      "magneticio/sava:1.0.3", Map.of("app", "sava", "version", "1.0.3"), "10.0.0.1", List.of(8080, 9090));
  private static final Candidate SAVA_2 = new Candidate("sava-2-0-1", "deployment", "shop",
      "magneticio/sava:2.0.1", Map.of("app", "sava", "version", "2.0.1"), "10.0.0.2", List.of(8080));
  private static final Candidate SAVA_2B = new Candidate("sava-2-0-1-b", "deployment", "shop",
      "magneticio/sava:2.0.1", Map.of("app", "sava", "version", "2.0.1"), "10.0.0.3", List.of(8080));
  private static final Candidate CART = new Candidate("cart", "app", "shop", "",
      Map.of("app", "cart"), "10.0.0.9", List.of(80));

  private static Selector selector(String text) {
    return SelectorParser.parse(text).orElseThrow();
  }

  private static Optional<List<String>> match(String text, Candidate candidate) {
    return selector(text).match(candidate);
  }

  @Test
  void eachFunctionTestsItsField() {
    assertThat(match("name(sava-.*)", SAVA_1)).contains(List.of());
    assertThat(match("kind(deployment)", SAVA_1)).contains(List.of());
    assertThat(match("namespace(shop)", SAVA_1)).contains(List.of());
    assertThat(match("image(magneticio/sava:.*)", SAVA_1)).contains(List.of());
    assertThat(match("label(app)(sava)", SAVA_1)).contains(List.of());
    assertThat(match("ip(10\\.0\\.0\\.1)", SAVA_1)).contains(List.of());
    assertThat(match("port(9090)", SAVA_1)).contains(List.of());
    assertThat(match("port_index(1)", SAVA_1)).contains(List.of());
    assertThat(match("port_index(2)", SAVA_1)).isEmpty();
    assertThat(match("label(app)(cart)", SAVA_1)).isEmpty();
    assertThat(match("kind(app)", SAVA_1)).isEmpty();
  }

  @Test
  void aRegexMatchesTheWholeText() {
    assertThat(match("name(sava)", SAVA_1)).isEmpty();
    assertThat(match("name(sava.*)", SAVA_1)).isPresent();
    assertThat(match("image(sava)", SAVA_1)).isEmpty();
  }

  @Test
  void anEmptyFieldNeverMatches() {
    assertThat(match("image(.*)", CART)).isEmpty();
    assertThat(match("!image(.*)", CART)).contains(List.of());
  }

  @Test
  void captureGroupsGiveTheRouteName() {
    Selector selector = selector("label(app)(sava) && label(version)((.*))");
    assertThat(selector.match(SAVA_1)).contains(List.of("1.0.3"));
    assertThat(selector.match(SAVA_2)).contains(List.of("2.0.1"));
    assertThat(selector.match(CART)).isEmpty();
    assertThat(selector.select(SAVA_1)).extracting(Selection::routeName).containsExactly("1.0.3", "1.0.3");
  }

  @Test
  void capturesFromSeveralPartsAreJoinedInOrder() {
    Selector selector = selector("image(([^/]+)/sava:.*) && label(ver(sion))((\\d+)\\.(\\d+)\\.\\d+)");
    assertThat(selector.match(SAVA_1)).contains(List.of("magneticio", "sion", "1", "0"));
    assertThat(selector.select(SAVA_2).get(0).routeName()).isEqualTo("magneticio-sion-2-0");
  }

  @Test
  void withoutCapturesTheRouteIsTheCandidatesName() {
    assertThat(selector("label(app)(sava)").select(SAVA_2).get(0).routeName()).isEqualTo("sava-2-0-1");
  }

  @Test
  void groupsThatTakeNoPartAreLeftOut() {
    assertThat(match("name((x)?sava-(\\d)-.*)", SAVA_1)).contains(List.of("1"));
  }

  @Test
  void orCollectsTheCapturesOfEveryPartThatHolds() {
    assertThat(match("name((sava)-.*) || label(app)((.*))", SAVA_1)).contains(List.of("sava", "sava"));
    assertThat(match("name((cart)) || label(app)((.*))", SAVA_1)).contains(List.of("sava"));
    assertThat(match("name((cart)) || kind(app)", SAVA_1)).isEmpty();
  }

  @Test
  void labelsAreTriedInKeyOrder() {
    Candidate candidate = new Candidate("c", "k", "n", "i", Map.of("zone", "b", "app", "a", "tier", "c"), "1.1.1.1",
        List.of(1));
    assertThat(match("label(.*)((.*))", candidate)).contains(List.of("a"));
    assertThat(match("label((.*))(b|c)", candidate)).contains(List.of("tier"));
  }

  @Test
  void portsAreTriedOneByOne() {
    Selector byIndex = selector("label(app)(sava) && port_index(1)");
    assertThat(byIndex.select(SAVA_1)).containsExactly(new Selection(SAVA_1, 1, 9090, List.of()));
    Selector byPort = selector("port((.*))");
    assertThat(byPort.select(SAVA_1)).extracting(Selection::routeName).containsExactly("8080", "9090");
    assertThat(byPort.match(SAVA_1)).contains(List.of("8080"));
    assertThat(selector("port(9090) && port_index(0)").match(SAVA_1)).isEmpty();
  }

  @Test
  void withoutPortsPortTestsNeverHold() {
    Candidate portless = new Candidate("p", "process", "local", "", Map.of(), "127.0.0.1", List.of());
    assertThat(selector("name(p) && !port(.*)").match(portless)).contains(List.of());
    assertThat(selector("port_index(0)").match(portless)).isEmpty();
    assertThat(selector("name(p)").select(portless)).isEmpty();
  }

  @Test
  void routesGroupCandidatesByCapturedValues() {
    Selector selector = selector("label(app)(sava) && label(version)((.*)) && port_index(0)");
    SortedMap<String, List<Selection>> routes = selector.routes(List.of(SAVA_2B, CART, SAVA_1, SAVA_2));
    assertThat(routes.keySet()).containsExactly("1.0.3", "2.0.1");
    assertThat(routes.get("2.0.1")).extracting(s -> s.candidate().name()).containsExactly("sava-2-0-1",
        "sava-2-0-1-b");
    assertThat(routes.get("1.0.3")).extracting(Selection::port).containsExactly(8080);
  }

  @Test
  void longInputsNeverMatch() {
    Candidate longName = new Candidate("a".repeat(Regex.MAX_INPUT_LENGTH + 1), "k", "n", "i", Map.of(), "ip",
        List.of(1));
    assertThat(match("name(a*)", longName)).isEmpty();
    Candidate justShortEnough = new Candidate("a".repeat(Regex.MAX_INPUT_LENGTH), "k", "n", "i", Map.of(), "ip",
        List.of(1));
    assertThat(match("name(a*)", justShortEnough)).isPresent();
  }

  @Test
  void candidatesAreValidated() {
    Candidate candidate = new Candidate("n", "k", "ns", "", new java.util.HashMap<>(Map.of("b", "2", "a", "1")), "ip",
        List.of(80));
    assertThat(candidate.labels().keySet()).containsExactly("a", "b");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Candidate("n", "k", "ns", "", Map.of(), "ip",
        List.of(70000))).isInstanceOf(IllegalArgumentException.class);
  }
}
