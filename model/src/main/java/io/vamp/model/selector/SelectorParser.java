package io.vamp.model.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Parses the selector language of standalone gateways.
 *
 * <pre>
 * selector = or END
 * or       = and { ("||" | "|" | "or") and }
 * and      = unary { ("&amp;&amp;" | "&amp;" | "and") unary }
 * unary    = ("!" | "not") unary | primary              (at most 32 nested "!" and "(")
 * primary  = "(" or ")" | function
 * function = ("name" | "id") "(" regex ")"
 *          | ("kind" | "type") "(" regex ")"
 *          | ("namespace" | "group") "(" regex ")"
 *          | "image" "(" regex ")"
 *          | ("ip" | "host") "(" regex ")"
 *          | "port" "(" regex ")"
 *          | "label" "(" regex ")" "(" regex ")"
 *          | ("port_index" | "index") "(" digits ")"      (0 to 65535)
 * </pre>
 * Function names and keywords are case-insensitive (ASCII only); the aliases are Vamp's and render as
 * the first name. Space, tab, CR, LF and FF separate tokens. A regex runs to the {@code )} that balances
 * the function's {@code (}: brackets inside it count unless escaped ({@code \(}), inside a character
 * class ({@code [()]}) or quoted ({@code \Q(\E}); the regex is taken exactly as written, spaces
 * included, and must pass the rules of {@link io.vamp.model.selector}. A capture group inside
 * {@code !} is refused: it could never capture. Text longer than {@value #MAX_LENGTH} characters is
 * refused.
 *
 * <p>A syntax error stops the parse; every invalid regex and port index before it is reported.
 */
public final class SelectorParser {

  public static final int MAX_LENGTH = 4096;
  public static final int MAX_DEPTH = 32;

  /** Valid, without groups: stands in for a bad regex so the parse can go on. */
  private static final Regex STAND_IN = Regex.of("x");

  private static final String FUNCTIONS = "name, kind, namespace, image, label, ip, port or port_index";

  /** Function names and aliases to what they make of one regex; label and port_index are apart. */
  private static final Map<String, Function<Regex, Selector>> REGEX_FUNCTIONS = Map.of(
      "name", Selector.Name::new, "id", Selector.Name::new,
      "kind", Selector.Kind::new, "type", Selector.Kind::new,
      "namespace", Selector.Namespace::new, "group", Selector.Namespace::new,
      "image", Selector.Image::new,
      "ip", Selector.Ip::new, "host", Selector.Ip::new,
      "port", Selector.Port::new);

  private final String text;
  private final List<SelectorError> errors = new ArrayList<>();
  private int pos;

  private SelectorParser(String text) {
    this.text = text;
  }

  public static SelectorParseResult parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      return failed(MAX_LENGTH, "a selector may be at most " + MAX_LENGTH + " characters long, this one has "
          + text.length());
    }
    if (text.isBlank()) {
      return failed(0, "the selector is empty");
    }
    SelectorParser parser = new SelectorParser(text);
    try {
      Selector selector = parser.parseSelector();
      return parser.errors.isEmpty()
          ? new SelectorParseResult.Parsed(selector)
          : new SelectorParseResult.Failed(parser.errors);
    } catch (SyntaxError stop) {
      parser.errors.add(stop.error);
      return new SelectorParseResult.Failed(parser.errors);
    }
  }

  private static SelectorParseResult failed(int offset, String message) {
    return new SelectorParseResult.Failed(List.of(new SelectorError(offset, message)));
  }

  private Selector parseSelector() {
    Selector selector = parseOr(0, false, null);
    skipSpaces();
    if (pos < text.length()) {
      if (text.charAt(pos) == ')') {
        throw error(pos, "unbalanced ')': there is no '(' for it");
      }
      throw error(pos, "expected '&&', '||' or the end of the selector, found " + quote(pos, tokenEnd(pos)));
    }
    return selector;
  }

  /** {@code after} is the token before this expression, for messages; null at the start of the text. */
  private Selector parseOr(int depth, boolean negated, String after) {
    List<Selector> operands = new ArrayList<>();
    operands.add(parseAnd(depth, negated, after));
    String operator;
    while ((operator = operator("||", "|", "or")) != null) {
      operands.add(parseAnd(depth, negated, operator));
    }
    return operands.size() == 1 ? operands.get(0) : new Selector.Or(operands);
  }

  private Selector parseAnd(int depth, boolean negated, String after) {
    List<Selector> operands = new ArrayList<>();
    operands.add(parseUnary(depth, negated, after));
    String operator;
    while ((operator = operator("&&", "&", "and")) != null) {
      operands.add(parseUnary(depth, negated, operator));
    }
    return operands.size() == 1 ? operands.get(0) : new Selector.And(operands);
  }

  private Selector parseUnary(int depth, boolean negated, String after) {
    skipSpaces();
    int start = pos;
    String operator = operator("!", null, "not");
    if (operator != null) {
      requireDepth(depth + 1, start);
      return new Selector.Not(parseUnary(depth + 1, true, operator));
    }
    return parsePrimary(depth, negated, after);
  }

  private Selector parsePrimary(int depth, boolean negated, String after) {
    skipSpaces();
    String expected = after == null ? "expected a selector" : "expected a selector after '" + after + "'";
    if (pos >= text.length()) {
      throw error(pos, expected);
    }
    char c = text.charAt(pos);
    if (c == '(') {
      int open = pos++;
      requireDepth(depth + 1, open);
      Selector inner = parseOr(depth + 1, negated, "(");
      skipSpaces();
      if (pos >= text.length()) {
        throw error(open, "this '(' is never closed");
      }
      if (text.charAt(pos) != ')') {
        throw error(pos, "expected '&&', '||' or ')', found " + quote(pos, tokenEnd(pos)));
      }
      pos++;
      return inner;
    }
    if (c == ')' || c == '&' || c == '|') {
      throw error(pos, expected + ", found " + quote(pos, tokenEnd(pos)));
    }
    int start = pos;
    pos = tokenEnd(pos);
    return function(start, negated);
  }

  /** A function call whose name starts at {@code start} and ends at {@code pos}. */
  private Selector function(int start, boolean negated) {
    String word = text.substring(start, pos);
    String name = asciiLower(word);
    if (name.equals("and") || name.equals("or")) {
      throw error(start, "expected a selector, found " + quote(start, pos));
    }
    Function<Regex, Selector> make = REGEX_FUNCTIONS.get(name);
    if (make == null && !name.equals("label") && !name.equals("port_index") && !name.equals("index")) {
      throw error(start, "unknown function " + quote(start, pos) + ": expected " + FUNCTIONS);
    }
    skipSpaces();
    if (pos >= text.length() || text.charAt(pos) != '(') {
      throw error(pos, "expected '(' after " + quote(start, start + word.length()) + found());
    }
    if (name.equals("port_index") || name.equals("index")) {
      return new Selector.PortIndex(portIndex());
    }
    if (name.equals("label")) {
      Regex key = regex(negated);
      int keyEnd = pos;
      skipSpaces();
      if (pos >= text.length() || text.charAt(pos) != '(') {
        throw error(pos, "expected '(' and a value regex after " + quote(start, keyEnd) + found());
      }
      return new Selector.Label(key, regex(negated));
    }
    return make.apply(regex(negated));
  }

  /**
   * The regex between the brackets at {@code pos}; a bad one is recorded and stood in for. Inside a
   * negation a capture group is refused.
   */
  private Regex regex(boolean negated) {
    int open = pos;
    int close = regexEnd(open + 1);
    String source = text.substring(open + 1, close);
    pos = close + 1;
    Optional<RegexRules.Violation> violation = RegexRules.check(source);
    if (violation.isPresent()) {
      int offset = source.isEmpty() ? close : open + 1 + violation.get().index();
      errors.add(new SelectorError(offset, violation.get().message()));
      return STAND_IN;
    }
    Regex regex = Regex.of(source);
    if (negated && regex.captureGroups() > 0) {
      errors.add(new SelectorError(open + 1 + regex.firstCaptureGroup(), "a capture group inside '!' (not)"
          + " never captures: write (?:...) for a group that does not capture"));
      return STAND_IN;
    }
    return regex;
  }

  /** The index of the {@code )} that closes a regex starting at {@code start}. */
  private int regexEnd(int start) {
    int depth = 0;
    int i = start;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        if (i + 1 < text.length() && text.charAt(i + 1) == 'Q') {
          int end = text.indexOf("\\E", i + 2);
          if (end < 0) {
            throw error(i, "this quotation \\Q is never ended with \\E");
          }
          i = end + 2;
        } else {
          i += 2;
        }
        continue;
      }
      if (c == '[') {
        int end = RegexRules.skipClass(text, i);
        if (end < 0) {
          throw error(i, "this '[' (a character class) is never closed");
        }
        i = end;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        if (depth == 0) {
          return i;
        }
        depth--;
      }
      i++;
    }
    throw error(start - 1, "this '(' is never closed (brackets inside a regex must balance, or be escaped"
        + " as \\( and \\))");
  }

  private int portIndex() {
    int open = pos;
    int close = text.indexOf(')', open + 1);
    if (close < 0) {
      throw error(open, "this '(' is never closed");
    }
    String digits = text.substring(open + 1, close);
    pos = close + 1;
    if (digits.matches("[0-9]{1,5}") && Integer.parseInt(digits) <= Selector.PortIndex.MAX) {
      return Integer.parseInt(digits);
    }
    errors.add(new SelectorError(digits.isEmpty() ? close : open + 1, "port_index takes a whole number from 0 to "
        + Selector.PortIndex.MAX + ", found " + (digits.isEmpty() ? "nothing" : quote(open + 1, close))));
    return 0;
  }

  /**
   * Reads an operator at the next token: one of two symbols or a keyword (a whole word); returns it as
   * written, or null (and reads nothing) when the next token is something else.
   */
  private String operator(String symbol, String shortSymbol, String keyword) {
    skipSpaces();
    if (text.startsWith(symbol, pos)) {
      pos += symbol.length();
      return symbol;
    }
    if (shortSymbol != null && text.startsWith(shortSymbol, pos)) {
      pos += shortSymbol.length();
      return shortSymbol;
    }
    int end = tokenEnd(pos);
    if (end > pos && isWordStart(pos) && asciiLower(text.substring(pos, end)).equals(keyword)) {
      String written = text.substring(pos, end);
      pos = end;
      return written;
    }
    return null;
  }

  private boolean isWordStart(int index) {
    return index < text.length() && !isSeparator(text.charAt(index)) && SPECIALS.indexOf(text.charAt(index)) < 0;
  }

  private static final String SPECIALS = "()!&|";

  /** Where the token at {@code start} ends: a symbol ({@code && || ( ) ! & |}) or a word. */
  private int tokenEnd(int start) {
    if (start >= text.length()) {
      return start;
    }
    if (text.startsWith("&&", start) || text.startsWith("||", start)) {
      return start + 2;
    }
    if (SPECIALS.indexOf(text.charAt(start)) >= 0) {
      return start + 1;
    }
    int end = start;
    while (end < text.length() && !isSeparator(text.charAt(end)) && SPECIALS.indexOf(text.charAt(end)) < 0) {
      end++;
    }
    return end;
  }

  private String found() {
    return pos >= text.length() ? "" : ", found " + quote(pos, tokenEnd(pos));
  }

  private void skipSpaces() {
    while (pos < text.length() && isSeparator(text.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private void requireDepth(int depth, int offset) {
    if (depth > MAX_DEPTH) {
      throw error(offset, "the selector nests deeper than " + MAX_DEPTH + " levels of '!' and '('");
    }
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

  /** The source text between two offsets, shortened, single-spaced and printable, in quotes. */
  private String quote(int from, int to) {
    String source = text.substring(from, Math.max(from, to)).replaceAll("[ \t\r\n\f]+", " ");
    if (source.length() > 40) {
      source = source.substring(0, 37) + "...";
    }
    return "'" + RegexRules.printable(source) + "'";
  }

  private static SyntaxError error(int offset, String message) {
    return new SyntaxError(new SelectorError(offset, message));
  }

  /** Ends the parse at the first syntax error; carries no stack trace. */
  private static final class SyntaxError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient SelectorError error;

    SyntaxError(SelectorError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }
}
