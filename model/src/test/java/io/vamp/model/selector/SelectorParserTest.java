package io.vamp.model.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelectorParserTest {

  private static Selector parse(String text) {
    SelectorParseResult result = SelectorParser.parse(text);
    assertThat(result.errors()).as("errors of %s", text).isEmpty();
    return result.orElseThrow();
  }

  private static SelectorError error(String text) {
    SelectorParseResult result = SelectorParser.parse(text);
    assertThat(result).as("%s fails", text).isInstanceOf(SelectorParseResult.Failed.class);
    assertThat(result.errors()).as("errors of %s", text).hasSize(1);
    return result.errors().get(0);
  }

  private static Regex re(String source) {
    return Regex.of(source);
  }

  @Test
  void everyFunction() {
    assertThat(parse("name(sava)")).isEqualTo(new Selector.Name(re("sava")));
    assertThat(parse("kind(deployment)")).isEqualTo(new Selector.Kind(re("deployment")));
    assertThat(parse("namespace(default)")).isEqualTo(new Selector.Namespace(re("default")));
    assertThat(parse("image(^magneticio/sava:.*$)")).isEqualTo(new Selector.Image(re("^magneticio/sava:.*$")));
    assertThat(parse("label(app)(sava)")).isEqualTo(new Selector.Label(re("app"), re("sava")));
    assertThat(parse("ip(10\\.0\\..*)")).isEqualTo(new Selector.Ip(re("10\\.0\\..*")));
    assertThat(parse("port(8080)")).isEqualTo(new Selector.Port(re("8080")));
    assertThat(parse("port_index(0)")).isEqualTo(new Selector.PortIndex(0));
  }

  @Test
  void vampAliasesAndAnyCase() {
    assertThat(parse("id(a)")).isEqualTo(parse("name(a)"));
    assertThat(parse("type(a)")).isEqualTo(parse("kind(a)"));
    assertThat(parse("group(a)")).isEqualTo(parse("namespace(a)"));
    assertThat(parse("host(a)")).isEqualTo(parse("ip(a)"));
    assertThat(parse("index(2)")).isEqualTo(parse("port_index(2)"));
    assertThat(parse("NAME(a) AND Label(b)(c)")).isEqualTo(parse("name(a) && label(b)(c)"));
    assertThat(parse("index(2)").render()).isEqualTo("port_index(2)");
  }

  @Test
  void theDocumentedExample() {
    Selector selector = parse("label(app)(foo) && label(version)((.*))");
    assertThat(selector).isEqualTo(Selector.And.of(new Selector.Label(re("app"), re("foo")),
        new Selector.Label(re("version"), re("(.*)"))));
    assertThat(selector.captureGroups()).isEqualTo(1);
  }

  @Test
  void spacesBetweenTokensButNotInsideRegexes() {
    assertThat(parse("  label (water) (ice)  ")).isEqualTo(new Selector.Label(re("water"), re("ice")));
    assertThat(parse("name( a b )")).isEqualTo(new Selector.Name(re(" a b ")));
    assertThat(parse("name(a)\n\t&&\r\nname(b)")).isEqualTo(parse("name(a) && name(b)"));
  }

  @Test
  void precedenceAndGrouping() {
    Selector a = new Selector.Name(re("a"));
    Selector b = new Selector.Name(re("b"));
    Selector c = new Selector.Name(re("c"));
    assertThat(parse("name(a) || name(b) && name(c)")).isEqualTo(Selector.Or.of(a, Selector.And.of(b, c)));
    assertThat(parse("(name(a) || name(b)) && name(c)")).isEqualTo(Selector.And.of(Selector.Or.of(a, b), c));
    assertThat(parse("name(a) or name(b) or name(c)")).isEqualTo(Selector.Or.of(a, b, c));
    assertThat(parse("name(a) & name(b) | name(c)")).isEqualTo(Selector.Or.of(Selector.And.of(a, b), c));
    assertThat(parse("!name(a) && not name(b)")).isEqualTo(Selector.And.of(new Selector.Not(a), new Selector.Not(b)));
    assertThat(parse("!!name(a)")).isEqualTo(new Selector.Not(new Selector.Not(a)));
    assertThat(parse("not(name(a) || name(b))")).isEqualTo(new Selector.Not(Selector.Or.of(a, b)));
    assertThat(parse("((name(a)))")).isEqualTo(a);
  }

  @Test
  void keywordsAreWholeWords() {
    assertThat(SelectorParser.parse("name(a) order(b)").errors()).extracting(SelectorError::message)
        .containsExactly("expected '&&', '||' or the end of the selector, found 'order'");
    assertThat(SelectorParser.parse("notname(a)").errors()).extracting(SelectorError::message)
        .containsExactly("unknown function 'notname': expected name, kind, namespace, image, label, ip, port"
            + " or port_index");
  }

  @Test
  void regexesKeepTheirBrackets() {
    assertThat(parse("name(^sava-(\\d+)$)")).isEqualTo(new Selector.Name(re("^sava-(\\d+)$")));
    assertThat(parse("name(a\\)b)")).isEqualTo(new Selector.Name(re("a\\)b")));
    assertThat(parse("name([()]+)")).isEqualTo(new Selector.Name(re("[()]+")));
    assertThat(parse("name([]()]x)")).isEqualTo(new Selector.Name(re("[]()]x")));
    assertThat(parse("name(\\Q)(\\E)")).isEqualTo(new Selector.Name(re("\\Q)(\\E")));
    assertThat(parse("name((?:a|b)(c))")).isEqualTo(new Selector.Name(re("(?:a|b)(c)")));
    assertThat(parse("name((?<version>.*))").captureGroups()).isEqualTo(1);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '~', quoteCharacter = '"', textBlock = """
      "" ~ 0 ~ the selector is empty
      "   " ~ 0 ~ the selector is empty
      name(a) && ~ 10 ~ expected a selector after '&&'
      name(a) and ~ 11 ~ expected a selector after 'and'
      ! ~ 1 ~ expected a selector after '!'
      (name(a) ~ 0 ~ this '(' is never closed
      name(a)) ~ 7 ~ unbalanced ')': there is no '(' for it
      name(a) name(b) ~ 8 ~ expected '&&', '||' or the end of the selector, found 'name'
      (name(a) name(b)) ~ 9 ~ expected '&&', '||' or ')', found 'name'
      && name(a) ~ 0 ~ expected a selector, found '&&'
      name(a) || ) ~ 11 ~ expected a selector after '||', found ')'
      and name(a) ~ 0 ~ expected a selector, found 'and'
      labels(a)(b) ~ 0 ~ unknown function 'labels': expected name, kind, namespace, image, label, ip, port or port_index
      name ~ 4 ~ expected '(' after 'name'
      name sava ~ 5 ~ expected '(' after 'name', found 'sava'
      label(app) ~ 10 ~ expected '(' and a value regex after 'label(app)'
      label(app) && name(x) ~ 11 ~ expected '(' and a value regex after 'label(app)', found '&&'
      name(a(b) ~ 4 ~ this '(' is never closed (brackets inside a regex must balance, or be escaped as \\( and \\))
      name(a[b) ~ 6 ~ this '[' (a character class) is never closed
      name(\\Qa) ~ 5 ~ this quotation \\Q is never ended with \\E
      name() ~ 5 ~ the regex is empty
      port_index(x) ~ 11 ~ port_index takes a whole number from 0 to 65535, found 'x'
      port_index(70000) ~ 11 ~ port_index takes a whole number from 0 to 65535, found '70000'
      port_index() ~ 11 ~ port_index takes a whole number from 0 to 65535, found nothing
      port_index(1 ~ 10 ~ this '(' is never closed
      name(a[) ~ 6 ~ this '[' (a character class) is never closed
      name(*a) ~ 5 ~ invalid regex: Dangling meta character '*'
      name(a{2,1}) ~ 10 ~ invalid regex: Illegal repetition range
      !label(version)((.*)) ~ 16 ~ a capture group inside '!' (not) never captures: write (?:...) for a group that does not capture
      not (name(a) && name((b))) ~ 21 ~ a capture group inside '!' (not) never captures: write (?:...) for a group that does not capture
      name((a+)+) ~ 5 ~ nested repetition such as (a+)+ can take exponential time to match: repeat the group or what is inside it, not both
      name((?x)a b) ~ 7 ~ the comments flag (?x) is not supported in a selector
      """)
  void errorsAndWhereTheyAre(String text, int offset, String message) {
    SelectorError error = error(text == null ? "" : text);
    assertThat(error.message()).isEqualTo(message);
    assertThat(error.offset()).isEqualTo(offset);
  }

  @Test
  void everyBadRegexIsReportedBeforeASyntaxError() {
    SelectorParseResult result = SelectorParser.parse("name(*) && label((a*)*)(b{2,1}) && image([) x");
    assertThat(result.errors()).extracting(SelectorError::offset).containsExactly(5, 17, 29, 41);
    assertThat(result.errors().get(3).message()).isEqualTo("this '[' (a character class) is never closed");
  }

  @Test
  void controlCharactersInARegexAreRefused() {
    SelectorError error = error("name(a\u0001b)");
    assertThat(error.offset()).isEqualTo(6);
    assertThat(error.message()).isEqualTo("control character U+0001 is not allowed in a regex (write it as an escape"
        + " such as \\t)");
  }

  @Test
  void messagesArePrintable() {
    SelectorError error = error("nämé\u0085(a)");
    assertThat(error.message()).isEqualTo("unknown function 'n\u00e4m\u00e9U+0085': expected name, kind, namespace,"
        .replace("\u00e4", "U+00E4").replace("\u00e9", "U+00E9") + " image, label, ip, port or port_index");
    assertThat(error.message().chars().allMatch(c -> c >= 0x20 && c <= 0x7e)).isTrue();
  }

  @Test
  void lengthAndDepthAreBounded() {
    String longRegex = "a".repeat(RegexRules.MAX_LENGTH + 1);
    SelectorError tooLong = error("name(" + longRegex + ")");
    assertThat(tooLong.offset()).isEqualTo(5);
    assertThat(tooLong.message()).isEqualTo("a regex may be at most 512 characters long, this one has 513");
    assertThat(SelectorParser.parse("name(" + "a".repeat(512) + ")").errors()).isEmpty();

    String text = "name(a) || ".repeat(400) + "name(a)";
    SelectorError whole = error(text);
    assertThat(whole.offset()).isEqualTo(SelectorParser.MAX_LENGTH);
    assertThat(whole.message()).startsWith("a selector may be at most 4096 characters long");

    assertThat(SelectorParser.parse("!".repeat(32) + "name(a)").errors()).isEmpty();
    SelectorError deep = error("(".repeat(33) + "name(a)" + ")".repeat(33));
    assertThat(deep.offset()).isEqualTo(32);
    assertThat(deep.message()).isEqualTo("the selector nests deeper than 32 levels of '!' and '('");
  }

  @Test
  void recordsRefuseWhatTheParserRefuses() {
    assertThatThrownBy(() -> Regex.of("(a+)+")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nested repetition").hasMessageContaining("(index 0)");
    assertThatThrownBy(() -> Regex.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Selector.Not(new Selector.Name(Regex.of("(a)"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capture group");
    assertThatThrownBy(() -> new Selector.And(List.of(new Selector.Name(Regex.of("a")))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Selector.PortIndex(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SelectorParser.parse("name((").orElseThrow())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid selector: at 4: ");
  }
}
