package io.vamp.model.condition;

import static io.vamp.model.condition.Match.EQUALS;
import static io.vamp.model.condition.Match.NOT_EQUALS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vamp.model.condition.Condition.And;
import io.vamp.model.condition.Condition.CookieContains;
import io.vamp.model.condition.Condition.HasCookie;
import io.vamp.model.condition.Condition.HasHeader;
import io.vamp.model.condition.Condition.HeaderContains;
import io.vamp.model.condition.Condition.Host;
import io.vamp.model.condition.Condition.MissesCookie;
import io.vamp.model.condition.Condition.MissesHeader;
import io.vamp.model.condition.Condition.Not;
import io.vamp.model.condition.Condition.Or;
import io.vamp.model.condition.Condition.RawAcl;
import io.vamp.model.condition.Condition.UserAgent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionRenderTest {

  static Stream<Arguments> canonicalText() {
    Condition a = new HasCookie("a");
    Condition b = new HasCookie("b");
    Condition c = new HasCookie("c");
    return Stream.of(
        arguments(new UserAgent(EQUALS, "Firefox"), "user-agent == Firefox"),
        arguments(new UserAgent(NOT_EQUALS, "Firefox"), "user-agent != Firefox"),
        arguments(new Host(EQUALS, "localhost"), "host == localhost"),
        arguments(new Host(NOT_EQUALS, "localhost"), "host != localhost"),
        arguments(new HasCookie("vamp"), "has cookie vamp"),
        arguments(new MissesCookie("vamp"), "misses cookie vamp"),
        arguments(new HasHeader("ETag"), "has header ETag"),
        arguments(new MissesHeader("ETag"), "misses header ETag"),
        arguments(new CookieContains("vamp", "12345", false), "cookie vamp has 12345"),
        arguments(new CookieContains("vamp", "12345", true), "cookie vamp misses 12345"),
        arguments(new HeaderContains("X-Foo", "bar", false), "header X-Foo has bar"),
        arguments(new HeaderContains("X-Foo", "bar", true), "header X-Foo misses bar"),
        arguments(new RawAcl("hdr_sub(user-agent) Chrome"), "< hdr_sub(user-agent) Chrome >"),
        // values and names that would not lex as one word are single-quoted
        arguments(new UserAgent(EQUALS, "Mozilla/5.0 (X11)"), "user-agent == 'Mozilla/5.0 (X11)'"),
        arguments(new Host(EQUALS, "a=b"), "host == 'a=b'"),
        arguments(new HasHeader("a|b"), "has header 'a|b'"),
        arguments(new CookieContains("a&b", "x<y>", false), "cookie 'a&b' has 'x<y>'"),
        arguments(new Host(EQUALS, "or"), "host == or"),
        // brackets exactly where the shape needs them
        arguments(And.of(a, b, c), "has cookie a and has cookie b and has cookie c"),
        arguments(Or.of(a, b, c), "has cookie a or has cookie b or has cookie c"),
        arguments(Or.of(And.of(a, b), c), "has cookie a and has cookie b or has cookie c"),
        arguments(And.of(Or.of(a, b), c), "(has cookie a or has cookie b) and has cookie c"),
        arguments(And.of(And.of(a, b), c), "(has cookie a and has cookie b) and has cookie c"),
        arguments(Or.of(Or.of(a, b), c), "(has cookie a or has cookie b) or has cookie c"),
        arguments(new Not(a), "not has cookie a"),
        arguments(new Not(new Not(a)), "not not has cookie a"),
        arguments(new Not(And.of(a, b)), "not (has cookie a and has cookie b)"),
        arguments(new Not(Or.of(a, b)), "not (has cookie a or has cookie b)"),
        arguments(And.of(new Not(a), b), "not has cookie a and has cookie b"),
        arguments(Or.of(new Not(a), new Not(b)), "not has cookie a or not has cookie b"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("canonicalText")
  void rendersCanonicalTextThatParsesBackToTheSameTree(Condition condition, String text) {
    assertThat(condition.render()).isEqualTo(text);
    assertThat(condition.toString()).isEqualTo(text);
    assertThat(ConditionParser.parse(text).orElseThrow()).isEqualTo(condition);
  }

  static Stream<Arguments> parsedText() {
    return Stream.concat(ConditionParserTest.operandsAndOperators(),
        Stream.concat(ConditionParserTest.booleanStructure(), ConditionParserTest.quoting()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("parsedText")
  void everyParsedExampleSurvivesARoundTrip(String text, Condition parsed) {
    String canonical = parsed.render();

    assertThat(ConditionParser.parse(canonical).orElseThrow()).isEqualTo(parsed);
    assertThat(ConditionParser.parse(canonical).orElseThrow().render()).isEqualTo(canonical);
  }

  @Test
  void randomTreesSurviveARoundTrip() {
    Random random = new Random(20240607L);
    for (int i = 0; i < 2_000; i++) {
      Condition condition = randomCondition(random, 0);
      String text = condition.render();

      assertThat(ConditionParser.parse(text).orElseThrow()).as(text).isEqualTo(condition);
    }
  }

  private static final String[] VALUES = {"Firefox", "a b", "x=y", "(", "and", "not", "$x", "a!b", "1.2.3", "<t>"};
  private static final String[] NAMES = {"vamp", "X-Foo", "a|b", "a&b", "!", "or", "a.b", "x~y"};

  private static Condition randomCondition(Random random, int depth) {
    int choice = random.nextInt(depth >= 4 ? 10 : 13);
    String value = VALUES[random.nextInt(VALUES.length)];
    String name = NAMES[random.nextInt(NAMES.length)];
    Match match = random.nextBoolean() ? EQUALS : NOT_EQUALS;
    return switch (choice) {
      case 0 -> new UserAgent(match, value);
      case 1 -> new Host(match, value);
      case 2 -> new HasCookie(name);
      case 3 -> new MissesCookie(name);
      case 4 -> new HasHeader(name);
      case 5 -> new MissesHeader(name);
      case 6 -> new CookieContains(name, value, random.nextBoolean());
      case 7 -> new HeaderContains(name, value, random.nextBoolean());
      case 8 -> new RawAcl("hdr_sub(user-agent) '" + value.replaceAll("[<>]", "_") + "'");
      case 9 -> new RawAcl("path_beg /" + name.replaceAll("[&]", "_"));
      case 10 -> new Not(randomCondition(random, depth + 1));
      case 11 -> new And(operands(random, depth));
      default -> new Or(operands(random, depth));
    };
  }

  private static List<Condition> operands(Random random, int depth) {
    List<Condition> operands = new ArrayList<>();
    int size = 2 + random.nextInt(3);
    for (int i = 0; i < size; i++) {
      operands.add(randomCondition(random, depth + 1));
    }
    return operands;
  }

  @Test
  void visitorReachesEveryVariant() {
    Condition.Visitor<String> names = new Condition.Visitor<>() {
      @Override public String visit(And and) { return "and"; }
      @Override public String visit(Or or) { return "or"; }
      @Override public String visit(Not not) { return "not"; }
      @Override public String visit(UserAgent userAgent) { return "user-agent"; }
      @Override public String visit(Host host) { return "host"; }
      @Override public String visit(HasCookie hasCookie) { return "has-cookie"; }
      @Override public String visit(MissesCookie missesCookie) { return "misses-cookie"; }
      @Override public String visit(HasHeader hasHeader) { return "has-header"; }
      @Override public String visit(MissesHeader missesHeader) { return "misses-header"; }
      @Override public String visit(CookieContains cookieContains) { return "cookie-contains"; }
      @Override public String visit(HeaderContains headerContains) { return "header-contains"; }
      @Override public String visit(RawAcl rawAcl) { return "raw-acl"; }
    };

    assertThat(ConditionParser.parse("not (has cookie a or misses header b)").orElseThrow().accept(names))
        .isEqualTo("not");
    assertThat(Stream.of("cookie a has b", "header a misses b", "< src 1.2.3.4 >", "host == h", "user-agent != u")
        .map(text -> ConditionParser.parse(text).orElseThrow().accept(names)))
        .containsExactly("cookie-contains", "header-contains", "raw-acl", "host", "user-agent");
  }
}
