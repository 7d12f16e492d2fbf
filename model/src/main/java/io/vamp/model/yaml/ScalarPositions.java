package io.vamp.model.yaml;

import io.vamp.model.problem.Position;
import io.vamp.model.yaml.YNode.ScalarSource;
import io.vamp.model.yaml.YNode.ScalarStyle;

/**
 * Finds where a character of a scalar's value is written in its source, by walking the value and the
 * source side by side with the style's rules: escapes ({@code \x41}, {@code \u0041}, {@code \n}, an
 * escaped line break) in double quotes, {@code ''} in single quotes, line folding (a line break read as
 * a space, trailing and leading white space dropped, empty lines read as line breaks) in plain and
 * quoted scalars, and the header and indentation of {@code |} and {@code >} block scalars.
 *
 * <p>Line breaks are SnakeYAML's (LF, CR, CR LF, NEL, LS, PS) and columns count code points, so the
 * positions agree with the marks of the nodes. Should the walk ever lose its way (a source that does
 * not spell the value), the remaining characters are placed where it stopped, never outside the
 * scalar.
 */
final class ScalarPositions {

  private ScalarPositions() {
  }

  static Position positionOf(Position start, ScalarSource source, String value, int offset) {
    int rawIndex = new Walk(source.style(), source.raw(), value).rawIndexOf(offset);
    return locate(start, source.raw(), rawIndex);
  }

  /** The line and column of {@code raw.charAt(index)}, counting from {@code start}. */
  static Position locate(Position start, String raw, int index) {
    int line = start.line();
    int column = start.column();
    int i = 0;
    int end = Math.min(index, raw.length());
    while (i < end) {
      char c = raw.charAt(i);
      if (c == '\r' && i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
        column++; // SnakeYAML counts the CR of a CR LF as a character of the line
        i++;
      } else if (isBreak(c)) {
        line++;
        column = 1;
        i++;
      } else {
        column++;
        i += Character.isHighSurrogate(c) && i + 1 < raw.length() && Character.isLowSurrogate(raw.charAt(i + 1))
            ? 2 : 1;
      }
    }
    return new Position(start.file(), line, column);
  }

  static boolean isBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  private static boolean isWhite(char c) {
    return c == ' ' || c == '\t';
  }

  /** One pass over value and source; {@code map[v]} is the source index of value character {@code v}. */
  private static final class Walk {
    private final ScalarStyle style;
    private final String raw;
    private final String value;
    private final boolean block;
    private int indent;
    private int r;
    private int lastStepStart;

    Walk(ScalarStyle style, String raw, String value) {
      this.style = style;
      this.raw = raw;
      this.value = value;
      this.block = style == ScalarStyle.LITERAL || style == ScalarStyle.FOLDED;
    }

    /** The source index of value character {@code offset}, or just after the value for its length. */
    int rawIndexOf(int offset) {
      start();
      int v = 0;
      while (v < value.length()) {
        int produced = step(v);
        if (produced < 0) {
          break; // lost: stay where the walk stopped
        }
        if (v + produced > offset) {
          return lastStepStart;
        }
        v += produced;
      }
      return Math.min(r, raw.length());
    }

    private void start() {
      switch (style) {
        case SINGLE_QUOTED, DOUBLE_QUOTED -> r = Math.min(1, raw.length());
        case PLAIN -> r = 0;
        case LITERAL, FOLDED -> {
          r = 0;
          while (r < raw.length() && !isBreak(raw.charAt(r))) {
            r++; // the header: indicator, indentation and chomping indicators, a comment
          }
          r = consumeBreak(r);
          indent = detectIndent();
          skipIndent();
        }
        default -> throw new IllegalStateException(style.name());
      }
    }

    /**
     * The indentation of the content: the first line with text has {@code L} leading spaces and the
     * value's first line with text {@code S}, so the block strips {@code L - S} (this covers both an
     * explicit indentation indicator and the detected one without knowing the parent's indentation).
     */
    private int detectIndent() {
      int i = r;
      while (i < raw.length()) {
        int lineStart = i;
        while (i < raw.length() && raw.charAt(i) == ' ') {
          i++;
        }
        if (i < raw.length() && !isBreak(raw.charAt(i))) {
          int leading = i - lineStart;
          int v = 0;
          while (v < value.length() && value.charAt(v) == '\n') {
            v++;
          }
          int valueLeading = 0;
          while (v + valueLeading < value.length() && value.charAt(v + valueLeading) == ' ') {
            valueLeading++;
          }
          return Math.max(0, leading - valueLeading);
        }
        i = consumeBreak(i);
      }
      return 0;
    }

    /**
     * Matches value character {@code v} (and, for an escape or a doubled quote, the ones it makes);
     * returns how many value characters were matched, or -1 when the source does not spell the value.
     */
    private int step(int v) {
      char c = value.charAt(v);
      while (r < raw.length()) {
        char rc = raw.charAt(r);
        lastStepStart = r;
        if (style == ScalarStyle.DOUBLE_QUOTED && rc == '\\') {
          int produced = escape();
          if (produced > 0) {
            return produced;
          }
          continue; // an escaped line break makes nothing
        }
        if (style == ScalarStyle.SINGLE_QUOTED && rc == '\'') {
          if (c == '\'' && r + 1 < raw.length() && raw.charAt(r + 1) == '\'') {
            r += 2;
            return 1;
          }
          return -1; // the closing quote
        }
        if (style == ScalarStyle.DOUBLE_QUOTED && rc == '"') {
          return -1;
        }
        if (isBreak(rc)) {
          r = consumeBreak(r);
          skipIndent();
          if (c == ' ' || c == '\n' || isBreak(c)) {
            return 1; // the break, folded into a space or kept as a line break
          }
          continue; // a break folding dropped
        }
        if (rc == c) {
          r++;
          return 1;
        }
        if (isWhite(rc)) {
          r++; // white space folding dropped, before a line break
          continue;
        }
        return -1;
      }
      return -1;
    }

    /** The escape at {@code r} in a double-quoted scalar: how many value characters it makes. */
    private int escape() {
      if (r + 1 >= raw.length()) {
        r = raw.length();
        return 1;
      }
      char e = raw.charAt(r + 1);
      if (isBreak(e)) {
        r = consumeBreak(r + 1);
        skipIndent();
        return 0;
      }
      int digits = switch (e) {
        case 'x' -> 2;
        case 'u' -> 4;
        case 'U' -> 8;
        default -> 0;
      };
      if (digits == 0) {
        r += 2;
        return 1;
      }
      int end = Math.min(raw.length(), r + 2 + digits);
      int codePoint;
      try {
        codePoint = Integer.parseInt(raw.substring(r + 2, end), 16);
      } catch (NumberFormatException notHex) {
        codePoint = 'x';
      }
      r = end;
      return Character.isValidCodePoint(codePoint) ? Character.charCount(codePoint) : 1;
    }

    private int consumeBreak(int i) {
      if (i >= raw.length()) {
        return i;
      }
      if (raw.charAt(i) == '\r' && i + 1 < raw.length() && raw.charAt(i + 1) == '\n') {
        return i + 2;
      }
      return isBreak(raw.charAt(i)) ? i + 1 : i;
    }

    /** After a line break: the block's indentation, or all leading white space of a flow line. */
    private void skipIndent() {
      if (block) {
        int skipped = 0;
        while (skipped < indent && r < raw.length() && raw.charAt(r) == ' ') {
          r++;
          skipped++;
        }
      } else {
        while (r < raw.length() && isWhite(raw.charAt(r))) {
          r++;
        }
      }
    }
  }
}
