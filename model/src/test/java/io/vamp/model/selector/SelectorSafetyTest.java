package io.vamp.model.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** No selector text and no scheduler input can make an evaluation run away. */
class SelectorSafetyTest {

  @ParameterizedTest
  @ValueSource(strings = {"(a+)+", "(a*)*", "(a+)*b", "(a*b)*", "((a)+)+", "(?:a+)+", "(x{2,}){3}", "(\\d+\\.)+",
      "(?<n>a+)+", "((?:ab)+c)*", "([a-z]+)*$", "(.*a){2,}",
      "(a+){3}", "(a?){2}", "(a{1,2})*"})
  void nestedRepetitionIsRefused(String regex) {
    assertThat(RegexRules.check(regex)).as(regex).hasValueSatisfying(v ->
        assertThat(v.message()).startsWith("nested repetition"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"(a+)", "(a+)?", "(a+){1}", "(a){3}", "(a|b)*", "(.*)-(.*)", "[(+)]+", "\\(a+\\)+",
      "\\Q(a+)+\\E", "(?:v\\d+)?", "(a{2})+", "(a{2}){3}", "(ab?)?", "\\p{L}+", "(ab)+", "(?i)(sava)+"})
  void simpleRepetitionIsAllowed(String regex) {
    assertThat(RegexRules.check(regex)).as(regex).isEmpty();
  }

  @Test
  void polynomialBacktrackingIsStoppedByTheBudget() {
    // no nested repetition, but .*.*.*.*.*b reads about 9 billion characters of 256 a's: a minute
    Regex regex = Regex.of(".*.*.*.*.*b");
    String input = "a".repeat(Regex.MAX_INPUT_LENGTH);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> regex.match(input, Budget.standard()))
        .isSameAs(Budget.Exhausted.INSTANCE);
    Selector selector = new Selector.Name(regex);
    Candidate candidate = new Candidate(input, "k", "n", "i", Map.of(), "ip", List.of(1));
    long started = System.nanoTime();
    assertThat(selector.match(candidate)).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aSpentBudgetIsNoMatchEvenUnderNot() {
    Selector selector = SelectorParser.parse("!name(.*.*.*.*b)").orElseThrow();
    Candidate candidate = new Candidate("a".repeat(Regex.MAX_INPUT_LENGTH), "k", "n", "i", Map.of(), "ip", List.of(1));
    assertThat(selector.match(candidate)).isEmpty();
    assertThat(selector.select(candidate)).isEmpty();
    Candidate shorter = new Candidate("a".repeat(16), "k", "n", "i", Map.of(), "ip", List.of(1));
    assertThat(selector.match(shorter)).contains(List.of());
  }

  @Test
  void javaMemoizesAlternationLoops() {
    // (a|a)*b is exponential in many engines; java.util.regex remembers loop positions, so it is cheap
    Budget budget = new Budget(10_000);
    assertThat(Regex.of("(?:a|a)*b").match("a".repeat(Regex.MAX_INPUT_LENGTH), budget)).isEmpty();
    assertThat(budget.exhausted()).isFalse();
  }

  @Test
  void theBudgetCountsCharactersRead() {
    Budget budget = new Budget(10);
    Regex regex = Regex.of("a*");
    assertThat(regex.match("aaaa", budget)).isPresent();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> regex.match("a".repeat(20), budget))
        .isSameAs(Budget.Exhausted.INSTANCE);
  }

  @Test
  void manyLabelsAndPortsStayCheap() {
    java.util.Map<String, String> labels = new java.util.HashMap<>();
    for (int i = 0; i < 64; i++) {
      labels.put("example.com/label-" + i, "value-" + "x".repeat(57));
    }
    java.util.List<Integer> ports = new java.util.ArrayList<>();
    for (int i = 0; i < 50; i++) {
      ports.add(8000 + i);
    }
    Candidate candidate = new Candidate("n".repeat(253), "k", "n", "i", labels, "ip", ports);
    Selector selector = SelectorParser.parse("label(.*-1.*)(.*y.*) || label((.*)-(.*))((.*)-(.*)z)"
        + " || name(.*m.*) || port(.*7$)").orElseThrow();
    long started = System.nanoTime();
    List<Selection> selections = selector.select(candidate);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(selections).extracting(Selection::port).containsExactly(8007, 8017, 8027, 8037, 8047);
  }
}
