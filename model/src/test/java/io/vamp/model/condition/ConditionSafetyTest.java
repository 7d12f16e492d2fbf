package io.vamp.model.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vamp.model.condition.Condition.CookieContains;
import io.vamp.model.condition.Condition.HasCookie;
import io.vamp.model.condition.Condition.HasHeader;
import io.vamp.model.condition.Condition.Host;
import io.vamp.model.condition.Condition.RawAcl;
import io.vamp.model.condition.Condition.UserAgent;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Nothing that could end a HAProxy line, start a comment, escape or expand may get into a condition. */
class ConditionSafetyTest {

  static Stream<Arguments> unsafeText() {
    return Stream.of(
        // values: a newline would start a new HAProxy directive
        arguments("user-agent == 'x\nuse_backend evil'", 16, "a newline (U+000A) is not allowed in a value"),
        arguments("host == 'x\r'", 10, "a carriage return (U+000D) is not allowed in a value"),
        arguments("host == 'a\tb'", 10, "a tab (U+0009) is not allowed in a value"),
        arguments("host == a\u0000b", 9, "a NUL character (U+0000) is not allowed in a value"),
        arguments("host == a\u001bb", 9, "control character U+001B is not allowed in a value"),
        arguments("host == a\u007fb", 9, "control character U+007F is not allowed in a value"),
        arguments("host == caf\u00e9", 11, "non-ASCII character U+00E9 is not allowed in a value"),
        arguments("host == a\u2028b", 9, "non-ASCII character U+2028 is not allowed in a value"),
        arguments("user-agent == a#b", 15, "'#' (HAProxy starts a comment with it) is not allowed in a value"),
        arguments("user-agent == 'a #b'", 17, "'#' (HAProxy starts a comment with it)"),
        arguments("user-agent == a\\", 15, "'\\' (HAProxy reads it as an escape) is not allowed in a value"),
        arguments("user-agent == 'a\\\nb'", 16, "'\\' (HAProxy reads it as an escape)"),
        arguments("cookie a has \"it's\"", 16, "a quote (') is not allowed in a value"),
        arguments("header a has 'say \"x\"'", 18, "a quote (\") is not allowed in a value"),
        // names: RFC 7230 token characters only, without '#' and the quote
        arguments("has cookie a#b", 12, "'#' (HAProxy starts a comment with it) is not allowed in a cookie name"),
        arguments("has header 'X Foo'", 13, "a space is not allowed in a header name"),
        arguments("has header X/Foo", 12, "'/' is not allowed in a header name"),
        arguments("has header X:Foo", 12, "':' is not allowed in a header name"),
        arguments("has header X;Foo", 12, "';' is not allowed in a header name"),
        arguments("has header X,Foo", 12, "',' is not allowed in a header name"),
        arguments("has header X{Foo", 12, "'{' is not allowed in a header name"),
        arguments("has header X@Foo", 12, "'@' is not allowed in a header name"),
        arguments("has header X\\Foo", 12, "'\\' (HAProxy reads it as an escape) is not allowed in a header name"),
        arguments("misses cookie \"a'b\"", 16, "a quote (') is not allowed in a cookie name"),
        arguments("misses cookie 'a\nb'", 16, "a newline (U+000A) is not allowed in a cookie name"),
        arguments("cookie se\u00f1or has 1", 9, "non-ASCII character U+00F1 is not allowed in a cookie name"),
        arguments("header 'a=b' has 1", 9, "'=' is not allowed in a header name"),
        arguments("header 'a(b)' has 1", 9, "'(' is not allowed in a header name"),
        // raw ACLs: one line, a conservative character set, balanced quotes, no expansion
        arguments("< hdr(a) x\nuse_backend evil >", 10, "a newline (U+000A) is not allowed in a raw ACL"),
        arguments("< hdr(a) x # comment >", 11, "'#' (HAProxy starts a comment with it) is not allowed in a raw ACL"),
        arguments("< hdr(a) { x } >", 9, "'{' is not allowed in a raw ACL"),
        arguments("< hdr(a) x } >", 11, "'}' is not allowed in a raw ACL"),
        arguments("< hdr(a) x\\ y >", 10, "'\\' (HAProxy reads it as an escape) is not allowed in a raw ACL"),
        arguments("< hdr(a) x;y >", 10, "';' is not allowed in a raw ACL"),
        arguments("< hdr(a) x&y >", 10, "'&' is not allowed in a raw ACL"),
        arguments("< hdr(a) x@y >", 10, "'@' is not allowed in a raw ACL"),
        arguments("< hdr(a)\tx >", 8, "a tab (U+0009) is not allowed in a raw ACL"),
        arguments("< hdr(a) \u00e9 >", 9, "non-ASCII character U+00E9 is not allowed in a raw ACL"),
        arguments("< a < b >", 4, "'<' is not allowed in a raw ACL"),
        arguments("< hdr(a) 'x >", 9, "this quote is not closed in the raw ACL"),
        arguments("< hdr(a) \"x' >", 9, "this quote is not closed in the raw ACL"),
        arguments("< hdr(a) \"$HOME\" >", 10, "'$' is not allowed inside double quotes in a raw ACL"),
        arguments("< hdr(a) \"x${HOME}\" >", 11, "'$' is not allowed inside double quotes in a raw ACL"));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("unsafeText")
  void rejectsUnsafeCharactersAtTheirOffset(String text, int offset, String message) {
    ConditionParseResult result = ConditionParser.parse(text);

    assertThat(result).isInstanceOf(ConditionParseResult.Failed.class);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).offset()).isEqualTo(offset);
    assertThat(result.errors().get(0).message()).startsWith(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "< hdr(x) '$HOME' >",          // single quotes do not expand
    "< hdr(x) 'say \"hi\"' >",     // a double quote inside single quotes is plain text
    "< hdr(x) \"it's\" >",         // and the other way round
    "< path_reg ^/(a|b)[0-9]*$ >",
    "< hdr_cnt(x) gt 1 >",
    "< url_param(q) -m sub %41 >",
    "< path_beg /a/b:c,d=e!f*g+h?i~j >"})
  void acceptsRawAclsWithinTheCharacterSet(String text) {
    assertThat(ConditionParser.parse(text)).isInstanceOf(ConditionParseResult.Parsed.class);
  }

  @Test
  void reportsEveryBadValueNotOnlyTheFirst() {
    ConditionParseResult result = ConditionParser.parse("host == 'a\nb' or has cookie c#d or < x{ >");

    assertThat(result.errors()).extracting(ConditionError::offset).containsExactly(10, 29, 38);
  }

  @Test
  void messagesStayPrintableWhenTheTextIsNot() {
    ConditionParseResult result = ConditionParser.parse("f\u0000o\u00e9 == x");

    assertThat(result.errors()).singleElement().satisfies(error -> {
      assertThat(error.offset()).isZero();
      assertThat(error.message()).startsWith("unknown operand 'fU+0000oU+00E9'").matches("\\p{Print}+");
    });
  }

  @Test
  void keywordsAreAsciiOnly() {
    // Java's equalsIgnoreCase would take the dotless i (U+0131) and the long s (U+017F) for i and s
    assertThat(ConditionParser.parse("\u0131s == x").errors()).isNotEmpty();
    assertThat(ConditionParser.parse("ho\u017Ft == x").errors()).isNotEmpty();
    assertThat(ConditionParser.parse("host \u0131s x").errors()).isNotEmpty();
  }

  static Stream<Arguments> unsafeRecords() {
    return Stream.of(
        arguments((Supplier<Condition>) () -> new UserAgent(Match.EQUALS, "x\ny"), "invalid user-agent value: a newline"),
        arguments((Supplier<Condition>) () -> new Host(Match.EQUALS, ""), "invalid host value: a value must not be empty"),
        arguments((Supplier<Condition>) () -> new Host(Match.EQUALS, "a#"), "invalid host value: '#'"),
        arguments((Supplier<Condition>) () -> new HasCookie("a b"), "invalid cookie name: a space"),
        arguments((Supplier<Condition>) () -> new HasHeader("a:b"), "invalid header name: ':'"),
        arguments((Supplier<Condition>) () -> new CookieContains("a", "x\u0000", false), "invalid cookie value: a NUL"),
        arguments((Supplier<Condition>) () -> new RawAcl("x }"), "invalid raw ACL: '}'"),
        arguments((Supplier<Condition>) () -> new RawAcl("   "), "invalid raw ACL: a raw ACL must not be empty"),
        arguments((Supplier<Condition>) () -> new Condition.And(List.of(new HasCookie("a"))),
            "'and' needs at least two operands, got 1"),
        arguments((Supplier<Condition>) () -> new Condition.Or(List.of()), "'or' needs at least two operands, got 0"));
  }

  @ParameterizedTest(name = "{index}: {1}")
  @MethodSource("unsafeRecords")
  void recordConstructorsEnforceTheSameRules(Supplier<Condition> construction, String message) {
    assertThatThrownBy(construction::get).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
  }

  @Test
  void rawAclDropsOuterSpacesOnly() {
    assertThat(new RawAcl("  src 10.0.0.1 ").acl()).isEqualTo("src 10.0.0.1");
  }

  @Test
  void refusesTextLongerThanTheLimit() {
    String longest = "host == " + "a".repeat(ConditionParser.MAX_LENGTH - 8);
    String tooLong = longest + "a";

    assertThat(ConditionParser.parse(longest)).isInstanceOf(ConditionParseResult.Parsed.class);
    assertThat(ConditionParser.parse(tooLong).errors()).singleElement().satisfies(error -> {
      assertThat(error.offset()).isEqualTo(4096);
      assertThat(error.message()).isEqualTo("a condition may be at most 4096 characters long, this one has 4097");
    });
  }

  @Test
  void acceptsNestingUpToTheLimit() {
    String parentheses = "(".repeat(32) + "has cookie a" + ")".repeat(32);
    String nots = "not ".repeat(16) + "(".repeat(16) + "has cookie a" + ")".repeat(16);

    assertThat(ConditionParser.parse(parentheses).orElseThrow()).isEqualTo(new HasCookie("a"));
    assertThat(ConditionParser.parse(nots)).isInstanceOf(ConditionParseResult.Parsed.class);
  }

  @Test
  void refusesNestingBeyondTheLimitAtTheTokenThatExceedsIt() {
    String parentheses = "(".repeat(33) + "has cookie a" + ")".repeat(33);
    String nots = "!".repeat(33) + "has cookie a";

    assertThat(ConditionParser.parse(parentheses).errors()).singleElement().satisfies(error -> {
      assertThat(error.offset()).isEqualTo(32);
      assertThat(error.message()).isEqualTo("the condition nests deeper than 32 levels of 'not' and '('");
    });
    assertThat(ConditionParser.parse(nots).errors()).extracting(ConditionError::offset).containsExactly(32);
  }

  @Test
  void neverOverflowsTheStackOnHostileNesting() {
    assertThat(ConditionParser.parse("(".repeat(4096)).errors()).extracting(ConditionError::offset).containsExactly(32);
    assertThat(ConditionParser.parse("not ".repeat(1024)).errors()).extracting(ConditionError::offset).containsExactly(128);
    assertThat(ConditionParser.parse("has cookie a and ".repeat(240) + "has cookie a"))
        .isInstanceOf(ConditionParseResult.Parsed.class);
  }
}
