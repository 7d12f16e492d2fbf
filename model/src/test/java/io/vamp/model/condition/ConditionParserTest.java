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
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConditionParserTest {

  static Stream<Arguments> operandsAndOperators() {
    return Stream.of(
        // user agent: every comparison spelling, every operand spelling
        arguments("user-agent == Firefox", new UserAgent(EQUALS, "Firefox")),
        arguments("user-agent = Firefox", new UserAgent(EQUALS, "Firefox")),
        arguments("user-agent is Firefox", new UserAgent(EQUALS, "Firefox")),
        arguments("user-agent has Firefox", new UserAgent(EQUALS, "Firefox")),
        arguments("user-agent contains Firefox", new UserAgent(EQUALS, "Firefox")),
        arguments("user-agent != Firefox", new UserAgent(NOT_EQUALS, "Firefox")),
        arguments("user-agent ! Firefox", new UserAgent(NOT_EQUALS, "Firefox")),
        arguments("user-agent not Firefox", new UserAgent(NOT_EQUALS, "Firefox")),
        arguments("user-agent misses Firefox", new UserAgent(NOT_EQUALS, "Firefox")),
        arguments("User-Agent == Chrome", new UserAgent(EQUALS, "Chrome")),
        arguments("USER-AGENT IS Safari", new UserAgent(EQUALS, "Safari")),
        arguments("user.agent != Edge", new UserAgent(NOT_EQUALS, "Edge")),
        arguments("UserAgent == IE", new UserAgent(EQUALS, "IE")),
        arguments("User-Agent = IOS", new UserAgent(EQUALS, "IOS")),
        // no spaces around symbols, extra spaces, tabs and line breaks between tokens
        arguments("User-Agent==Firefox", new UserAgent(EQUALS, "Firefox")),
        arguments("User-Agent!=Firefox", new UserAgent(NOT_EQUALS, "Firefox")),
        arguments("User-Agent!Firefox", new UserAgent(NOT_EQUALS, "Firefox")),
        arguments("  User-Agent ==   Firefox  ", new UserAgent(EQUALS, "Firefox")),
        arguments("\tuser-agent\n==\r\nFirefox\f", new UserAgent(EQUALS, "Firefox")),
        // host
        arguments("host == localhost", new Host(EQUALS, "localhost")),
        arguments("host = example.com", new Host(EQUALS, "example.com")),
        arguments("host is localhost", new Host(EQUALS, "localhost")),
        arguments("host has localhost", new Host(EQUALS, "localhost")),
        arguments("host contains localhost", new Host(EQUALS, "localhost")),
        arguments("host != localhost", new Host(NOT_EQUALS, "localhost")),
        arguments("host ! localhost", new Host(NOT_EQUALS, "localhost")),
        arguments("host not localhost", new Host(NOT_EQUALS, "localhost")),
        arguments("HOST MISSES localhost", new Host(NOT_EQUALS, "localhost")),
        arguments("host == localhost:8080", new Host(EQUALS, "localhost:8080")),
        // cookies and headers, present or absent
        arguments("has cookie vamp", new HasCookie("vamp")),
        arguments("contains cookie vamp", new HasCookie("vamp")),
        arguments("Has Cookie vamp", new HasCookie("vamp")),
        arguments("misses cookie vamp", new MissesCookie("vamp")),
        arguments("has header ETag", new HasHeader("ETag")),
        arguments("contains header ETag", new HasHeader("ETag")),
        arguments("Has Header X-VAMP-MY-COOL-HEADER", new HasHeader("X-VAMP-MY-COOL-HEADER")),
        arguments("misses header ETag", new MissesHeader("ETag")),
        arguments("MISSES HEADER ETag", new MissesHeader("ETag")),
        // cookie and header contents
        arguments("cookie vamp has 12345", new CookieContains("vamp", "12345", false)),
        arguments("cookie vamp contains 12345", new CookieContains("vamp", "12345", false)),
        arguments("cookie vamp misses 12345", new CookieContains("vamp", "12345", true)),
        arguments("Cookie vamp HAS 12345", new CookieContains("vamp", "12345", false)),
        arguments("header vamp has 12345", new HeaderContains("vamp", "12345", false)),
        arguments("header X-Foo contains bar", new HeaderContains("X-Foo", "bar", false)),
        arguments("header X-Foo misses bar", new HeaderContains("X-Foo", "bar", true)),
        // names and values that look like keywords are plain values in their position
        arguments("has cookie header", new HasCookie("header")),
        arguments("cookie has has not", new CookieContains("has", "not", false)),
        arguments("user-agent == and", new UserAgent(EQUALS, "and")),
        // header names take the RFC 7230 token symbols, quoted where the lexer would split them
        arguments("has header X_a.b+c~d^e`f$g%h*i", new HasHeader("X_a.b+c~d^e`f$g%h*i")),
        arguments("has header 'a!b&c|d'", new HasHeader("a!b&c|d")),
        // raw HAProxy ACLs
        arguments("< hdr_sub(user-agent) Chrome >", new RawAcl("hdr_sub(user-agent) Chrome")),
        arguments("<hdr_sub(user-agent) Chrome>", new RawAcl("hdr_sub(user-agent) Chrome")),
        arguments("  <   path_beg /api   >  ", new RawAcl("path_beg /api")),
        arguments("< path_reg ^/v[0-9]+/(a|b)$ >", new RawAcl("path_reg ^/v[0-9]+/(a|b)$")),
        arguments("< hdr(x-id) -m reg '^a.*' >", new RawAcl("hdr(x-id) -m reg '^a.*'")),
        arguments("< req.cook(v),lower -m str \"x y\" >", new RawAcl("req.cook(v),lower -m str \"x y\"")),
        arguments("< src 10.0.0.0/8 >", new RawAcl("src 10.0.0.0/8")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("operandsAndOperators")
  void parsesEveryOperandAndOperatorSpelling(String text, Condition expected) {
    assertThat(ConditionParser.parse(text)).isEqualTo(new ConditionParseResult.Parsed(expected));
  }

  static Stream<Arguments> booleanStructure() {
    Condition a = new HasCookie("a");
    Condition b = new HasCookie("b");
    Condition c = new HasCookie("c");
    Condition d = new HasCookie("d");
    return Stream.of(
        arguments("has cookie a and has cookie b", And.of(a, b)),
        arguments("has cookie a AND has cookie b", And.of(a, b)),
        arguments("has cookie a && has cookie b", And.of(a, b)),
        arguments("has cookie a & has cookie b", And.of(a, b)),
        arguments("has cookie a&&has cookie b", And.of(a, b)),
        arguments("has cookie a or has cookie b", Or.of(a, b)),
        arguments("has cookie a OR has cookie b", Or.of(a, b)),
        arguments("has cookie a || has cookie b", Or.of(a, b)),
        arguments("has cookie a | has cookie b", Or.of(a, b)),
        arguments("not has cookie a", new Not(a)),
        arguments("NOT has cookie a", new Not(a)),
        arguments("! has cookie a", new Not(a)),
        arguments("!has cookie a", new Not(a)),
        arguments("not not has cookie a", new Not(new Not(a))),
        arguments("!!has cookie a", new Not(new Not(a))),
        // chains stay flat
        arguments("has cookie a and has cookie b and has cookie c", And.of(a, b, c)),
        arguments("has cookie a or has cookie b or has cookie c", Or.of(a, b, c)),
        // not binds tighter than and, and tighter than or
        arguments("not has cookie a and has cookie b", And.of(new Not(a), b)),
        arguments("has cookie a or has cookie b and has cookie c", Or.of(a, And.of(b, c))),
        arguments("has cookie a and has cookie b or has cookie c", Or.of(And.of(a, b), c)),
        arguments("has cookie a and has cookie b or has cookie c and has cookie d",
            Or.of(And.of(a, b), And.of(c, d))),
        arguments("not has cookie a or has cookie b", Or.of(new Not(a), b)),
        // parentheses override precedence and keep their grouping
        arguments("(has cookie a or has cookie b) and has cookie c", And.of(Or.of(a, b), c)),
        arguments("has cookie a and (has cookie b or has cookie c)", And.of(a, Or.of(b, c))),
        arguments("not (has cookie a and has cookie b)", new Not(And.of(a, b))),
        arguments("!(has cookie a)", new Not(a)),
        arguments("(has cookie a and has cookie b) and has cookie c", And.of(And.of(a, b), c)),
        arguments("((has cookie a))", a),
        arguments("( ( has cookie a ) )", a),
        arguments("(has cookie a)or(has cookie b)", Or.of(a, b)),
        // the examples of the documentation
        arguments("(User-Agent = Chrome OR User-Agent = Firefox) AND has cookie vamp",
            And.of(Or.of(new UserAgent(EQUALS, "Chrome"), new UserAgent(EQUALS, "Firefox")),
                new HasCookie("vamp"))),
        arguments("User-Agent = Chrome AND Has Header X-VAMP-MY-COOL-HEADER",
            And.of(new UserAgent(EQUALS, "Chrome"), new HasHeader("X-VAMP-MY-COOL-HEADER"))),
        arguments("user-agent == a and user-agent != b",
            And.of(new UserAgent(EQUALS, "a"), new UserAgent(NOT_EQUALS, "b"))),
        arguments("user-agent == a and not user-agent == b",
            And.of(new UserAgent(EQUALS, "a"), new Not(new UserAgent(EQUALS, "b")))),
        arguments("! host is localhost", new Not(new Host(EQUALS, "localhost"))),
        arguments("< hdr_sub(user-agent) Chrome > or has cookie a",
            Or.of(new RawAcl("hdr_sub(user-agent) Chrome"), a)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("booleanStructure")
  void parsesBooleanStructureWithNotOverAndOverOr(String text, Condition expected) {
    assertThat(ConditionParser.parse(text).orElseThrow()).isEqualTo(expected);
  }

  static Stream<Arguments> quoting() {
    return Stream.of(
        arguments("user-agent == 'Mozilla/5.0 (X11; Linux)'", new UserAgent(EQUALS, "Mozilla/5.0 (X11; Linux)")),
        arguments("user-agent == \"Mozilla/5.0 (X11; Linux)\"", new UserAgent(EQUALS, "Mozilla/5.0 (X11; Linux)")),
        arguments("user-agent=='a b'", new UserAgent(EQUALS, "a b")),
        arguments("host == 'a=b'", new Host(EQUALS, "a=b")),
        arguments("cookie vamp has 'a && b || !c'", new CookieContains("vamp", "a && b || !c", false)),
        arguments("header 'X-Foo' misses \"<x>\"", new HeaderContains("X-Foo", "<x>", true)),
        arguments("has cookie 'vamp'", new HasCookie("vamp")),
        arguments("host == ' padded '", new Host(EQUALS, " padded ")),
        arguments("user-agent == '$HOME{x}'", new UserAgent(EQUALS, "$HOME{x}")),
        // a quoted keyword is a value, never a keyword
        arguments("host == 'or'", new Host(EQUALS, "or")),
        arguments("(host == ')')", new Host(EQUALS, ")")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quoting")
  void quotedValuesMayHoldSpacesAndOperatorCharacters(String text, Condition expected) {
    assertThat(ConditionParser.parse(text).orElseThrow()).isEqualTo(expected);
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        arguments("", 0, "the condition is empty"),
        arguments("   ", 0, "the condition is empty"),
        arguments("user-agent ==", 13, "expected a value after 'user-agent =='"),
        arguments("User-Agent==", 12, "expected a value after 'User-Agent=='"),
        arguments("user-agent == )", 14, "expected a value after 'user-agent ==', found ')'"),
        arguments("user-agent = = x", 13, "expected a value after 'user-agent =', found '='"),
        arguments("user-agent", 10,
            "expected an operator (==, !=, is, not, has, misses) after 'user-agent'"),
        arguments("host ~ x", 5,
            "expected an operator (==, !=, is, not, has, misses) after 'host', found '~'"),
        arguments("foo == bar", 0,
            "unknown operand 'foo': expected user-agent, host, has, misses, cookie, header, not, '(' or '<'"),
        arguments("has cookie a and bar", 17, "unknown operand 'bar'"),
        arguments("has cookie", 10, "expected a cookie name after 'cookie'"),
        arguments("misses header (", 14, "expected a header name after 'header', found '('"),
        arguments("has foo x", 4, "expected 'cookie' or 'header' after 'has', found 'foo'"),
        arguments("misses", 6, "expected 'cookie' or 'header' after 'misses'"),
        arguments("cookie vamp is 1", 12, "expected 'has', 'contains' or 'misses' after 'cookie vamp', found 'is'"),
        arguments("header vamp", 11, "expected 'has', 'contains' or 'misses' after 'header vamp'"),
        arguments("cookie vamp has", 15, "expected a value after 'cookie vamp has'"),
        arguments("has cookie a)", 12, "unbalanced ')': there is no '(' for it"),
        arguments("(has cookie a))", 14, "unbalanced ')': there is no '(' for it"),
        arguments(")", 0, "expected a condition, found ')'"),
        arguments("(has cookie a", 0, "this '(' is never closed"),
        arguments("has cookie a and ((has cookie b)", 17, "this '(' is never closed"),
        arguments("(has cookie a has cookie b)", 14, "expected 'and', 'or' or ')', found 'has'"),
        arguments("()", 1, "expected a condition, found ')'"),
        arguments("(", 1, "expected a condition after '('"),
        arguments("has cookie a and", 16, "expected a condition after 'and'"),
        arguments("has cookie a ||", 15, "expected a condition after '||'"),
        arguments("not", 3, "expected a condition after 'not'"),
        arguments("has cookie a and or has cookie b", 17, "expected a condition, found 'or'"),
        arguments("and has cookie a", 0, "expected a condition, found 'and'"),
        arguments("has cookie a has cookie b", 13,
            "expected 'and', 'or' or the end of the condition, found 'has'"),
        arguments("user-agent == Mozilla/5.0 (X11)", 26,
            "expected 'and', 'or' or the end of the condition, found '('"),
        arguments("'user-agent' == x", 0, "expected a condition, found quoted text"),
        arguments("== x", 0, "expected a condition, found '=='"),
        arguments("user-agent == 'Firefox", 14, "this quote (') is never closed"),
        arguments("user-agent == \"Firefox", 14, "this quote (\") is never closed"),
        arguments("< hdr_sub(user-agent) Chrome", 0, "this raw ACL '<' has no closing '>'"),
        arguments("host == a > b", 10, "unexpected '>' outside a raw ACL '< ... >'"),
        arguments("<>", 0, "a raw ACL must not be empty"),
        arguments("<   >", 0, "a raw ACL must not be empty"),
        arguments("user-agent == ''", 14, "a value must not be empty"),
        arguments("has cookie \"\"", 11, "a cookie name must not be empty"));
  }

  @ParameterizedTest(name = "{index}: [{0}] at {1}")
  @MethodSource("syntaxErrors")
  void reportsSyntaxErrorsAtTheirOffset(String text, int offset, String message) {
    ConditionParseResult result = ConditionParser.parse(text);

    assertThat(result).isInstanceOf(ConditionParseResult.Failed.class);
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).offset()).isEqualTo(offset);
    assertThat(result.errors().get(0).message()).startsWith(message);
  }
}
