package io.vamp.model.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The canonical spelling, and that it reads back as the same tree. */
class SelectorRenderTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '~', textBlock = """
      label(app)(foo) && label(version)((.*))          ~ label(app)(foo) && label(version)((.*))
      LABEL (app) (foo) and Label(version)((.*))      ~ label(app)(foo) && label(version)((.*))
      id(a) or type(b) | group(c) || host(d)          ~ name(a) || kind(b) || namespace(c) || ip(d)
      not name(a) & !port(80)                          ~ !name(a) && !port(80)
      index(1)                                         ~ port_index(1)
      port_index(007)                                  ~ port_index(7)
      (name(a) || name(b)) && name(c)                  ~ (name(a) || name(b)) && name(c)
      name(a) || (name(b) && name(c))                  ~ name(a) || name(b) && name(c)
      name(a) || (name(b) || name(c))                  ~ name(a) || (name(b) || name(c))
      (name(a) && name(b)) && name(c)                  ~ (name(a) && name(b)) && name(c)
      not (name(a) && name(b))                         ~ !(name(a) && name(b))
      not not name(a)                                  ~ !!name(a)
      image(^(?:registry/)?sava:(\\d+\\.\\d+)$)        ~ image(^(?:registry/)?sava:(\\d+\\.\\d+)$)
      name([)(]\\Q)\\E)                                ~ name([)(]\\Q)\\E)
      """)
  void canonicalSpelling(String text, String canonical) {
    Selector selector = SelectorParser.parse(text).orElseThrow();
    assertThat(selector.render()).isEqualTo(canonical);
    assertThat(selector.toString()).isEqualTo(canonical);
    assertThat(SelectorParser.parse(canonical).orElseThrow()).isEqualTo(selector);
  }

  static Stream<Selector> randomTrees() {
    Random random = new Random(7L);
    List<Selector> trees = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      trees.add(tree(random, 0, false));
    }
    return trees.stream();
  }

  @ParameterizedTest
  @MethodSource("randomTrees")
  void everyTreeReadsBackFromItsRendering(Selector selector) {
    String text = selector.render();
    SelectorParseResult result = SelectorParser.parse(text);
    assertThat(result.errors()).as(text).isEmpty();
    assertThat(result.orElseThrow()).as(text).isEqualTo(selector);
    assertThat(result.orElseThrow().render()).isEqualTo(text);
  }

  @Test
  void regexesAreKeptExactlyAsWritten() {
    for (String regex : REGEXES) {
      Selector selector = new Selector.Label(Regex.of(regex), Regex.of(regex));
      assertThat(SelectorParser.parse(selector.render()).orElseThrow()).as(regex).isEqualTo(selector);
    }
  }

  private static final List<String> REGEXES = List.of("a", " a ", "(.*)", "(?:x|y)", "[()]", "[]()]", "[^]()]",
      "\\(", "\\)", "a\\\\", "\\Q()\\E", "\\Q(\\E", "[a[b]]", "[\\]]", "\\p{L}+", "(?i)sava", "(?<v>\\d+)", "x{2,3}",
      "é😀", "&&", "||", "!", "and", "or", "not", "#", "'\"", "a b  c", "$x^");

  private static Selector tree(Random random, int depth, boolean negated) {
    int choice = random.nextInt(depth > 3 ? 8 : 11);
    switch (choice) {
      case 8 -> {
        return new Selector.And(operands(random, depth, negated));
      }
      case 9 -> {
        return new Selector.Or(operands(random, depth, negated));
      }
      case 10 -> {
        return new Selector.Not(tree(random, depth + 1, true));
      }
      case 7 -> {
        return new Selector.PortIndex(random.nextInt(5));
      }
      case 6 -> {
        return new Selector.Label(regex(random, negated), regex(random, negated));
      }
      default -> {
        Regex regex = regex(random, negated);
        return switch (choice) {
          case 0 -> new Selector.Name(regex);
          case 1 -> new Selector.Kind(regex);
          case 2 -> new Selector.Namespace(regex);
          case 3 -> new Selector.Image(regex);
          case 4 -> new Selector.Ip(regex);
          default -> new Selector.Port(regex);
        };
      }
    }
  }

  private static List<Selector> operands(Random random, int depth, boolean negated) {
    List<Selector> operands = new ArrayList<>();
    int count = 2 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      operands.add(tree(random, depth + 1, negated));
    }
    return operands;
  }

  private static Regex regex(Random random, boolean negated) {
    while (true) {
      Regex regex = Regex.of(REGEXES.get(random.nextInt(REGEXES.size())));
      if (!negated || regex.captureGroups() == 0) {
        return regex;
      }
    }
  }
}
