package io.vamp.model.selector;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a regex in a selector may be: not empty, at most {@value #MAX_LENGTH} characters, no control
 * characters, valid for {@link java.util.regex.Pattern}, no comments flag, and no repetition of a group
 * that holds a variable repetition ({@code (a+)+}, {@code (a*b)*}, {@code (x{2,}){3}}; a fixed count
 * such as {@code (a{2})+} is fine): nested repetition is what makes a backtracking matcher take
 * exponential time, and a selector is evaluated by the daemon against whatever the scheduler reports.
 * What is left (polynomial backtracking such as {@code .*.*.*x}) is bounded by {@link Budget}.
 */
final class RegexRules {

  static final int MAX_LENGTH = 512;

  /** A rule broken at {@code index} of the regex. */
  record Violation(int index, String message) {
  }

  /** What the scan of a valid regex found. */
  record Shape(int firstCaptureGroup) {
  }

  private RegexRules() {
  }

  static Optional<Violation> check(String source) {
    if (source.isEmpty()) {
      return Optional.of(new Violation(0, "the regex is empty"));
    }
    if (source.length() > MAX_LENGTH) {
      return Optional.of(new Violation(0, "a regex may be at most " + MAX_LENGTH + " characters long, this one has "
          + source.length()));
    }
    for (int i = 0; i < source.length(); i++) {
      char c = source.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return Optional.of(new Violation(i, String.format("control character U+%04X is not allowed in a regex"
            + " (write it as an escape such as \\t)", (int) c)));
      }
    }
    try {
      Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      int index = Math.max(0, Math.min(e.getIndex(), source.length()));
      return Optional.of(new Violation(index, "invalid regex: " + printable(e.getDescription())));
    } catch (StackOverflowError e) {
      return Optional.of(new Violation(0, "invalid regex: it nests too deeply"));
    }
    return new Scan(source).run().violation;
  }

  /** The shape of a regex that passed {@link #check}. */
  static Shape shape(String source) {
    return new Shape(new Scan(source).run().firstCaptureGroup);
  }

  static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("U+%04X", (int) c));
    }
    return out.toString();
  }

  /**
   * A walk over a regex that {@link Pattern} accepted: groups, classes, escapes and quantifiers,
   * enough to find nested repetition and capture groups.
   */
  private static final class Scan {
    private final String s;
    private final Deque<Group> open = new ArrayDeque<>();
    private Group current = new Group(-1);
    private Optional<Violation> violation = Optional.empty();
    private int firstCaptureGroup = -1;
    private int i;

    /** A group being scanned: where it opened and whether something inside it repeats a variable number of times. */
    private static final class Group {
      final int start;
      boolean variable;

      Group(int start) {
        this.start = start;
      }
    }

    Scan(String source) {
      this.s = source;
    }

    Scan run() {
      while (i < s.length() && violation.isEmpty()) {
        char c = s.charAt(i);
        if (c == '(') {
          openGroup();
        } else if (c == ')') {
          Group group = current;
          current = open.isEmpty() ? new Group(-1) : open.pop();
          i++;
          Quantifier quantifier = quantifier();
          if (quantifier.repeats() && group.variable) {
            violation = Optional.of(new Violation(group.start, "nested repetition such as (a+)+ can take"
                + " exponential time to match: repeat the group or what is inside it, not both"));
          }
          current.variable |= group.variable || quantifier.variable();
        } else {
          atom(c);
          current.variable |= quantifier().variable();
        }
      }
      return this;
    }

    private void openGroup() {
      open.push(current);
      current = new Group(i);
      i++;
      if (i < s.length() && s.charAt(i) == '?') {
        i++;
        if (i < s.length() && s.charAt(i) == '<' && i + 1 < s.length() && Character.isLetter(s.charAt(i + 1))) {
          noteCapture(current.start); // a named group captures
          i = s.indexOf('>', i) + 1;
          return;
        }
        // (?: (?= (?! (?<= (?<! (?> or inline flags (?i) (?i-s:
        int flagsStart = i;
        while (i < s.length() && "=!<>:)".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        String flags = s.substring(flagsStart, i);
        int minus = flags.indexOf('-');
        if ((minus < 0 ? flags : flags.substring(0, minus)).indexOf('x') >= 0) {
          violation = Optional.of(new Violation(flagsStart, "the comments flag (?x) is not supported in a selector"));
        }
        if (i < s.length() && s.charAt(i) == '<') {
          i++; // (?<= or (?<!
        }
        if (i < s.length() && s.charAt(i) != ')') {
          i++;
        }
        return;
      }
      noteCapture(current.start);
    }

    private void noteCapture(int index) {
      if (firstCaptureGroup < 0) {
        firstCaptureGroup = index;
      }
    }

    private void atom(char c) {
      if (c == '\\') {
        escape();
      } else if (c == '[') {
        int end = skipClass(s, i);
        i = end < 0 ? s.length() : end;
      } else {
        i++;
      }
    }

    private void escape() {
      if (i + 1 >= s.length()) {
        i = s.length();
        return;
      }
      char e = s.charAt(i + 1);
      if (e == 'Q') {
        int end = s.indexOf("\\E", i + 2);
        i = end < 0 ? s.length() : end + 2;
        return;
      }
      i += 2;
      if (i < s.length() && ((e == 'p' || e == 'P' || e == 'x' || e == 'N') && s.charAt(i) == '{'
          || e == 'k' && s.charAt(i) == '<')) {
        char close = s.charAt(i) == '{' ? '}' : '>';
        int end = s.indexOf(close, i);
        i = end < 0 ? s.length() : end + 1;
      }
    }

    /**
     * A quantifier: {@code repeats} when it may match more than once, {@code variable} when the number
     * of times is not fixed.
     */
    private record Quantifier(boolean repeats, boolean variable) {
      static final Quantifier NONE = new Quantifier(false, false);
    }

    /** Reads a quantifier at {@code i}, if any. */
    private Quantifier quantifier() {
      if (i >= s.length()) {
        return Quantifier.NONE;
      }
      char q = s.charAt(i);
      Quantifier quantifier;
      if (q == '*' || q == '+') {
        quantifier = new Quantifier(true, true);
        i++;
      } else if (q == '?') {
        quantifier = new Quantifier(false, true);
        i++;
      } else if (q == '{') {
        int close = s.indexOf('}', i);
        if (close < 0) {
          return Quantifier.NONE;
        }
        String range = s.substring(i + 1, close);
        int comma = range.indexOf(',');
        long min = parse(comma < 0 ? range : range.substring(0, comma));
        long max = comma < 0 ? min : comma == range.length() - 1 ? Long.MAX_VALUE : parse(range.substring(comma + 1));
        quantifier = new Quantifier(max > 1, max != min);
        i = close + 1;
      } else {
        return Quantifier.NONE;
      }
      if (i < s.length() && (s.charAt(i) == '?' || s.charAt(i) == '+')) {
        i++; // lazy or possessive
      }
      return quantifier;
    }

    private static long parse(String digits) {
      try {
        return Long.parseLong(digits.trim());
      } catch (NumberFormatException e) {
        return Long.MAX_VALUE;
      }
    }
  }

  /**
   * The index just after the character class that opens at {@code start} (a {@code [}), or -1 when it
   * never closes. A {@code ]} right after {@code [} or {@code [^} is a character of the
   * class, as in {@link Pattern}; classes nest.
   */
  static int skipClass(String s, int start) {
    int i = start + 1;
    if (i < s.length() && s.charAt(i) == '^') {
      i++;
    }
    if (i < s.length() && s.charAt(i) == ']') {
      i++;
    }
    int depth = 1;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\') {
        if (i + 1 < s.length() && s.charAt(i + 1) == 'Q') {
          int end = s.indexOf("\\E", i + 2);
          i = end < 0 ? s.length() : end + 2;
          continue;
        }
        i += 2;
        continue;
      }
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
        if (depth == 0) {
          return i + 1;
        }
      }
      i++;
    }
    return -1;
  }
}
