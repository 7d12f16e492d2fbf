package io.vamp.model.condition;

import io.vamp.model.condition.ConditionLexer.Kind;
import io.vamp.model.condition.ConditionLexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Parses the condition language of gateway routes.
 *
 * <pre>
 * condition  = or END
 * or         = and { ("or" | "||" | "|") and }
 * and        = unary { ("and" | "&amp;&amp;" | "&amp;") unary }
 * unary      = ("not" | "!") unary | primary                 (at most 32 nested "not" and "(")
 * primary    = "(" or ")" | "&lt;" raw-acl "&gt;" | predicate
 * predicate  = user-agent compare value | "host" compare value
 *            | contains ("cookie" | "header") name
 *            | ("cookie" | "header") name contains value
 * user-agent = "user-agent" | "user.agent" | "useragent"
 * compare    = "==" | "=" | "is" | "has" | "contains"          (match)
 *            | "!=" | "!" | "not" | "misses"                   (mismatch)
 * contains   = "has" | "contains"                              (present / contains)
 *            | "misses"                                        (absent / does not contain)
 * value      = word | "'" chars "'" | '"' chars '"'
 * name       = value
 * </pre>
 * Keywords are case-insensitive (ASCII only); a quoted word is never a keyword. A word ends at a
 * space, tab, CR, LF or FF, or at one of {@code ( ) ! = & | < > ' "}. Text longer than
 * {@value #MAX_LENGTH} characters is refused.
 *
 * <p>A syntax error stops the parse; bad characters in values, names and raw ACLs are all reported.
 */
public final class ConditionParser {

  public static final int MAX_LENGTH = 4096;
  public static final int MAX_DEPTH = 32;

  /** Valid as a value, a name and a raw ACL: stands in for a bad one so the parse can go on. */
  private static final String STAND_IN = "x";

  private final String text;
  private final List<Token> tokens;
  private final List<ConditionError> errors;
  private int position;

  private ConditionParser(String text, List<Token> tokens, List<ConditionError> errors) {
    this.text = text;
    this.tokens = tokens;
    this.errors = errors;
  }

  public static ConditionParseResult parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      return failed(MAX_LENGTH, "a condition may be at most " + MAX_LENGTH + " characters long, this one has "
          + text.length());
    }
    if (text.isBlank()) {
      return failed(0, "the condition is empty");
    }
    List<ConditionError> errors = new ArrayList<>();
    List<Token> tokens = ConditionLexer.tokenize(text, errors);
    if (!errors.isEmpty()) {
      return new ConditionParseResult.Failed(errors);
    }
    ConditionParser parser = new ConditionParser(text, tokens, errors);
    try {
      Condition condition = parser.parseCondition();
      return errors.isEmpty() ? new ConditionParseResult.Parsed(condition) : new ConditionParseResult.Failed(errors);
    } catch (SyntaxError stop) {
      errors.add(stop.error);
      return new ConditionParseResult.Failed(errors);
    }
  }

  private static ConditionParseResult failed(int offset, String message) {
    return new ConditionParseResult.Failed(List.of(new ConditionError(offset, message)));
  }

  private Condition parseCondition() {
    Condition condition = parseOr(0, null);
    Token next = peek();
    if (next.kind() == Kind.CLOSE) {
      throw error(next.offset(), "unbalanced ')': there is no '(' for it");
    }
    if (next.kind() != Kind.END) {
      throw error(next.offset(), "expected 'and', 'or' or the end of the condition, found " + quote(next));
    }
    return condition;
  }

  /** {@code after} is the token before this expression, for messages; null at the start of the text. */
  private Condition parseOr(int depth, Token after) {
    List<Condition> operands = new ArrayList<>();
    operands.add(parseAnd(depth, after));
    while (peek().kind() == Kind.OR || isKeyword(peek(), "or")) {
      Token operator = next();
      operands.add(parseAnd(depth, operator));
    }
    return operands.size() == 1 ? operands.get(0) : new Condition.Or(operands);
  }

  private Condition parseAnd(int depth, Token after) {
    List<Condition> operands = new ArrayList<>();
    operands.add(parseUnary(depth, after));
    while (peek().kind() == Kind.AND || isKeyword(peek(), "and")) {
      Token operator = next();
      operands.add(parseUnary(depth, operator));
    }
    return operands.size() == 1 ? operands.get(0) : new Condition.And(operands);
  }

  private Condition parseUnary(int depth, Token after) {
    Token token = peek();
    if (token.kind() == Kind.BANG || isKeyword(token, "not")) {
      next();
      requireDepth(depth + 1, token);
      return new Condition.Not(parseUnary(depth + 1, token));
    }
    return parsePrimary(depth, after);
  }

  private Condition parsePrimary(int depth, Token after) {
    Token token = next();
    switch (token.kind()) {
      case OPEN -> {
        requireDepth(depth + 1, token);
        Condition inner = parseOr(depth + 1, token);
        Token close = next();
        if (close.kind() == Kind.END) {
          throw error(token.offset(), "this '(' is never closed");
        }
        if (close.kind() != Kind.CLOSE) {
          throw error(close.offset(), "expected 'and', 'or' or ')', found " + quote(close));
        }
        return inner;
      }
      case RAW_ACL -> {
        return new Condition.RawAcl(checked(token, ConditionChars.checkRawAcl(token.value())));
      }
      case WORD -> {
        return predicate(token);
      }
      case END -> throw error(token.offset(), after == null
          ? "expected a condition"
          : "expected a condition after " + quote(after));
      case QUOTED -> throw error(token.offset(), "expected a condition, found quoted text"
          + " (keywords such as user-agent are never quoted)");
      default -> throw error(token.offset(), "expected a condition, found " + quote(token));
    }
  }

  private Condition predicate(Token operand) {
    String keyword = asciiLower(operand.value());
    switch (keyword) {
      case "user-agent", "user.agent", "useragent" -> {
        Match match = compare(operand);
        return new Condition.UserAgent(match, value(operand));
      }
      case "host" -> {
        Match match = compare(operand);
        return new Condition.Host(match, value(operand));
      }
      case "has", "contains", "misses" -> {
        boolean present = !keyword.equals("misses");
        Token subject = next();
        if (isKeyword(subject, "cookie")) {
          String name = name(subject, "cookie name");
          return present ? new Condition.HasCookie(name) : new Condition.MissesCookie(name);
        }
        if (isKeyword(subject, "header")) {
          String name = name(subject, "header name");
          return present ? new Condition.HasHeader(name) : new Condition.MissesHeader(name);
        }
        throw error(subject.offset(), "expected 'cookie' or 'header' after " + quote(operand)
            + (subject.kind() == Kind.END ? "" : ", found " + quote(subject)));
      }
      case "cookie", "header" -> {
        boolean cookie = keyword.equals("cookie");
        String name = name(operand, cookie ? "cookie name" : "header name");
        Token operator = next();
        if (!isKeyword(operator, "has", "contains", "misses")) {
          throw error(operator.offset(), "expected 'has', 'contains' or 'misses' after "
              + quote(operand.offset(), previous(operator).end())
              + (operator.kind() == Kind.END ? "" : ", found " + quote(operator)));
        }
        boolean negated = isKeyword(operator, "misses");
        String value = value(operand);
        return cookie
            ? new Condition.CookieContains(name, value, negated)
            : new Condition.HeaderContains(name, value, negated);
      }
      case "and", "or" -> throw error(operand.offset(), "expected a condition, found " + quote(operand));
      default -> throw error(operand.offset(), "unknown operand " + quote(operand)
          + ": expected user-agent, host, has, misses, cookie, header, not, '(' or '<'");
    }
  }

  private Match compare(Token operand) {
    Token operator = next();
    switch (operator.kind()) {
      case EQUAL -> {
        return Match.EQUALS;
      }
      case NOT_EQUAL, BANG -> {
        return Match.NOT_EQUALS;
      }
      case WORD -> {
        if (isKeyword(operator, "is", "has", "contains")) {
          return Match.EQUALS;
        }
        if (isKeyword(operator, "not", "misses")) {
          return Match.NOT_EQUALS;
        }
      }
      default -> {
      }
    }
    throw error(operator.offset(), "expected an operator (==, !=, is, not, has, misses) after " + quote(operand)
        + (operator.kind() == Kind.END ? "" : ", found " + quote(operator)));
  }

  /** The value that ends a predicate starting at {@code start}. */
  private String value(Token start) {
    Token token = next();
    if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
      throw error(token.offset(), "expected a value after " + quote(start.offset(), previous(token).end())
          + (token.kind() == Kind.END ? "" : ", found " + quote(token)));
    }
    return checked(token, ConditionChars.checkValue(token.value()));
  }

  /** The cookie or header name that follows {@code before}. */
  private String name(Token before, String what) {
    Token token = next();
    if (token.kind() != Kind.WORD && token.kind() != Kind.QUOTED) {
      throw error(token.offset(), "expected a " + what + " after " + quote(before)
          + (token.kind() == Kind.END ? "" : ", found " + quote(token)));
    }
    return checked(token, ConditionChars.checkName(token.value(), what));
  }

  /**
   * The token's text when it passed its check; otherwise records the error and returns a valid
   * stand-in so that parsing can go on and report further problems.
   */
  private String checked(Token token, Optional<ConditionChars.Violation> violation) {
    if (violation.isEmpty()) {
      return token.value();
    }
    int offset = token.value().isEmpty() ? token.offset() : token.valueOffset() + violation.get().index();
    errors.add(new ConditionError(offset, violation.get().message()));
    return STAND_IN;
  }

  private void requireDepth(int depth, Token token) {
    if (depth > MAX_DEPTH) {
      throw error(token.offset(), "the condition nests deeper than " + MAX_DEPTH + " levels of 'not' and '('");
    }
  }

  private Token peek() {
    return tokens.get(position);
  }

  private Token next() {
    Token token = tokens.get(position);
    if (token.kind() != Kind.END) {
      position++;
    }
    return token;
  }

  /** The token consumed before {@code token}, which was just consumed (or is END). */
  private Token previous(Token token) {
    int index = tokens.indexOf(token);
    return tokens.get(Math.max(0, index - 1));
  }

  private static boolean isKeyword(Token token, String... keywords) {
    if (token.kind() != Kind.WORD) {
      return false;
    }
    String word = asciiLower(token.value());
    for (String keyword : keywords) {
      if (word.equals(keyword)) {
        return true;
      }
    }
    return false;
  }

  /** Lower-cases A-Z only, so that no other script's letters can spell a keyword. */
  private static String asciiLower(String word) {
    StringBuilder out = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      out.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
    }
    return out.toString();
  }

  private String quote(Token token) {
    if (token.kind() == Kind.END) {
      return "the end of the condition";
    }
    return quote(token.offset(), token.end());
  }

  /** The source text between two offsets, shortened, single-spaced and printable, in quotes. */
  private String quote(int from, int to) {
    String source = text.substring(from, to).replaceAll("[ \t\r\n\f]+", " ");
    if (source.length() > 40) {
      source = source.substring(0, 37) + "...";
    }
    return "'" + ConditionChars.printable(source) + "'";
  }

  private static SyntaxError error(int offset, String message) {
    return new SyntaxError(new ConditionError(offset, message));
  }

  /** Ends the parse at the first syntax error; carries no stack trace. */
  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient ConditionError error;

    SyntaxError(ConditionError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }
}
