package io.vamp.model.condition;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits condition text into tokens. Words run until a separator (space, tab, CR, LF, FF) or one of
 * {@code ( ) ! = & | < > ' "}; quoted strings and raw ACLs keep their inner text for the parser to
 * check, with the offset where that text starts.
 */
final class ConditionLexer {

  enum Kind { WORD, QUOTED, RAW_ACL, OPEN, CLOSE, AND, OR, BANG, NOT_EQUAL, EQUAL, END }

  /**
   * @param offset      where the token starts in the text
   * @param end         where it ends (exclusive)
   * @param value       the word, the text between the quotes, or the raw ACL without brackets and outer spaces
   * @param valueOffset where {@code value} starts in the text
   */
  record Token(Kind kind, int offset, int end, String value, int valueOffset) {
  }

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private final List<ConditionError> errors;

  private ConditionLexer(String text, List<ConditionError> errors) {
    this.text = text;
    this.errors = errors;
  }

  /** The tokens of {@code text}, ending with {@link Kind#END}; problems are added to {@code errors}. */
  static List<Token> tokenize(String text, List<ConditionError> errors) {
    ConditionLexer lexer = new ConditionLexer(text, errors);
    lexer.run();
    return lexer.tokens;
  }

  private void run() {
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (ConditionChars.isSeparator(c)) {
        i++;
        continue;
      }
      switch (c) {
        case '(' -> i = symbol(Kind.OPEN, i, 1);
        case ')' -> i = symbol(Kind.CLOSE, i, 1);
        case '&' -> i = symbol(Kind.AND, i, followedBy(i, '&') ? 2 : 1);
        case '|' -> i = symbol(Kind.OR, i, followedBy(i, '|') ? 2 : 1);
        case '=' -> i = symbol(Kind.EQUAL, i, followedBy(i, '=') ? 2 : 1);
        case '!' -> i = followedBy(i, '=') ? symbol(Kind.NOT_EQUAL, i, 2) : symbol(Kind.BANG, i, 1);
        case '\'', '"' -> i = quoted(i, c);
        case '<' -> i = rawAcl(i);
        case '>' -> {
          errors.add(new ConditionError(i, "unexpected '>' outside a raw ACL '< ... >'"));
          i++;
        }
        default -> i = word(i);
      }
    }
    tokens.add(new Token(Kind.END, n, n, "", n));
  }

  private boolean followedBy(int i, char c) {
    return i + 1 < text.length() && text.charAt(i + 1) == c;
  }

  private int symbol(Kind kind, int start, int length) {
    tokens.add(new Token(kind, start, start + length, text.substring(start, start + length), start));
    return start + length;
  }

  private int word(int start) {
    int end = start;
    while (end < text.length() && ConditionChars.isWordChar(text.charAt(end))) {
      end++;
    }
    tokens.add(new Token(Kind.WORD, start, end, text.substring(start, end), start));
    return end;
  }

  private int quoted(int start, char quote) {
    int close = text.indexOf(quote, start + 1);
    if (close < 0) {
      errors.add(new ConditionError(start, "this quote (" + quote + ") is never closed"));
      return text.length();
    }
    tokens.add(new Token(Kind.QUOTED, start, close + 1, text.substring(start + 1, close), start + 1));
    return close + 1;
  }

  private int rawAcl(int start) {
    int close = text.indexOf('>', start + 1);
    if (close < 0) {
      errors.add(new ConditionError(start, "this raw ACL '<' has no closing '>'"));
      return text.length();
    }
    int from = start + 1;
    int to = close;
    while (from < to && text.charAt(from) == ' ') {
      from++;
    }
    while (to > from && text.charAt(to - 1) == ' ') {
      to--;
    }
    tokens.add(new Token(Kind.RAW_ACL, start, close + 1, text.substring(from, to), from));
    return close + 1;
  }
}
