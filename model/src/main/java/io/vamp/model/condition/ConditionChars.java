package io.vamp.model.condition;

import java.util.Optional;

/**
 * The character rules of the condition language: what separates words, and what a value, a name
 * or a raw ACL may contain so that it cannot break or extend the HAProxy configuration it ends up in.
 */
final class ConditionChars {

  /** A rule broken at {@code index} of the string that was checked. */
  record Violation(int index, String message) {
  }

  static final String NAME_SYMBOLS = "!$%&*+-.^_`|~";
  static final String RAW_ACL_SYMBOLS = " _-.()/:,'\"=!*+?^$[]|~%";

  /** Characters that end an unquoted word because they are tokens of their own. */
  private static final String SPECIALS = "()!=&|<>'\"";

  private ConditionChars() {
  }

  static boolean isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  static boolean isWordChar(char c) {
    return !isSeparator(c) && SPECIALS.indexOf(c) < 0;
  }

  static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  static boolean isNameChar(char c) {
    return isAsciiLetterOrDigit(c) || NAME_SYMBOLS.indexOf(c) >= 0;
  }

  static boolean isRawAclChar(char c) {
    return isAsciiLetterOrDigit(c) || RAW_ACL_SYMBOLS.indexOf(c) >= 0;
  }

  /** A value compared against a header, a cookie, the user agent or the host. */
  static Optional<Violation> checkValue(String value) {
    if (value.isEmpty()) {
      return Optional.of(new Violation(0, "a value must not be empty"));
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean bad = c < 0x20 || c > 0x7e || c == '#' || c == '\\' || c == '\'' || c == '"';
      if (bad) {
        return Optional.of(new Violation(i, describe(c) + " is not allowed in a value"));
      }
    }
    return Optional.empty();
  }

  /** A cookie or header name; {@code what} is "cookie name" or "header name". */
  static Optional<Violation> checkName(String name, String what) {
    if (name.isEmpty()) {
      return Optional.of(new Violation(0, "a " + what + " must not be empty"));
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!isNameChar(c)) {
        return Optional.of(new Violation(i, describe(c) + " is not allowed in a " + what
            + " (allowed: letters, digits and " + NAME_SYMBOLS + ")"));
      }
    }
    return Optional.empty();
  }

  /** The text of a raw HAProxy ACL, without its angle brackets and outer spaces. */
  static Optional<Violation> checkRawAcl(String acl) {
    if (acl.isBlank()) {
      return Optional.of(new Violation(0, "a raw ACL must not be empty"));
    }
    char openQuote = 0;
    int openedAt = -1;
    for (int i = 0; i < acl.length(); i++) {
      char c = acl.charAt(i);
      if (!isRawAclChar(c)) {
        return Optional.of(new Violation(i, describe(c) + " is not allowed in a raw ACL"
            + " (allowed: letters, digits, space and " + RAW_ACL_SYMBOLS.substring(1) + ")"));
      }
      if (openQuote == 0 && (c == '\'' || c == '"')) {
        openQuote = c;
        openedAt = i;
      } else if (c == openQuote) {
        openQuote = 0;
      } else if (c == '$' && openQuote == '"') {
        return Optional.of(new Violation(i, "'$' is not allowed inside double quotes in a raw ACL"
            + " (HAProxy would expand it as an environment variable)"));
      }
    }
    if (openQuote != 0) {
      return Optional.of(new Violation(openedAt, "this quote is not closed in the raw ACL"));
    }
    return Optional.empty();
  }

  /** The canonical DSL spelling of a value or name: bare when it lexes as one word, else in single quotes. */
  static String quoteIfNeeded(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!isWordChar(text.charAt(i))) {
        return "'" + text + "'";
      }
    }
    return text.isEmpty() ? "''" : text;
  }

  /** A character named so that the message stays printable ASCII. */
  static String describe(char c) {
    return switch (c) {
      case '\n' -> "a newline (U+000A)";
      case '\r' -> "a carriage return (U+000D)";
      case '\t' -> "a tab (U+0009)";
      case 0 -> "a NUL character (U+0000)";
      case '#' -> "'#' (HAProxy starts a comment with it)";
      case '\\' -> "'\\' (HAProxy reads it as an escape)";
      case '\'', '"' -> "a quote (" + c + ")";
      case ' ' -> "a space";
      default -> {
        if (c < 0x20 || c == 0x7f) {
          yield "control character " + codePoint(c);
        }
        if (c > 0x7e) {
          yield "non-ASCII character " + codePoint(c);
        }
        yield "'" + c + "'";
      }
    };
  }

  /** Makes text safe to quote in a message: anything outside printable ASCII becomes U+XXXX. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : codePoint(c));
    }
    return out.toString();
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }
}
