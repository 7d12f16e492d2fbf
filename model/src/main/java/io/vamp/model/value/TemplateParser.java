package io.vamp.model.value;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Parses interpolated values.
 *
 * <pre>
 * template  = { text | "$$" | "${" spaces path spaces "}" | "$" path }
 * path      = name                                          local value
 *           | name ".host"                                  host of a cluster
 *           | name ".ports." name                           port of a cluster
 *           | name ".environment_variables." name           environment variable of a cluster
 *           | name ".constants." name                       constant of a cluster
 * name      = 1*( ALPHA | DIGIT | "_" | "-" )               ASCII only
 * spaces    = *( " " | TAB )
 * </pre>
 * Without braces a path takes every {@code .name} that follows, and stops at the first character
 * that is not part of a name; a dot not followed by a name character is text
 * ({@code $a.host.} is the host of {@code a}, then "."). Group words are lower case. A {@code $}
 * that starts none of the forms above is an error: a literal dollar is written {@code $$}.
 *
 * <p>Every error is reported, each at its 0-based offset.
 */
public final class TemplateParser {

  private final String text;
  private final List<Part> parts = new ArrayList<>();
  private final List<TemplateError> errors = new ArrayList<>();
  private final StringBuilder literal = new StringBuilder();

  private TemplateParser(String text) {
    this.text = text;
  }

  public static TemplateParseResult parse(String text) {
    Objects.requireNonNull(text, "text");
    TemplateParser parser = new TemplateParser(text);
    parser.run();
    return parser.errors.isEmpty()
        ? new TemplateParseResult.Parsed(new Template(parser.parts))
        : new TemplateParseResult.Failed(parser.errors);
  }

  private void run() {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c != '$') {
        literal.append(c);
        i++;
      } else if (i + 1 == n) {
        error(i, "a lone '$' at the end: write '$$' for a dollar sign");
        i++;
      } else if (text.charAt(i + 1) == '$') {
        literal.append('$');
        i += 2;
      } else if (text.charAt(i + 1) == '{') {
        i = braced(i);
      } else if (Reference.isNameChar(text.charAt(i + 1))) {
        i = bare(i);
      } else {
        error(i, "'$' must be followed by a name, '{' or '$': write '$$' for a dollar sign");
        i++;
      }
    }
    flushLiteral();
  }

  /** {@code $name.name...} from {@code start} (the dollar); returns where the text goes on. */
  private int bare(int start) {
    List<Segment> segments = new ArrayList<>();
    int i = start + 1;
    while (true) {
      int end = nameEnd(i);
      segments.add(new Segment(text.substring(i, end), i));
      boolean moreFollows = end + 1 < text.length() && text.charAt(end) == '.'
          && Reference.isNameChar(text.charAt(end + 1));
      if (!moreFollows) {
        reference(segments, end, false);
        return end;
      }
      i = end + 1;
    }
  }

  /** {@code ${ name.name... }} from {@code start} (the dollar); returns where the text goes on. */
  private int braced(int start) {
    int close = text.indexOf('}', start + 2);
    int i = skipSpaces(start + 2);
    if (i < text.length() && text.charAt(i) == '}') {
      error(start, "an empty reference '${}'");
      return i + 1;
    }
    List<Segment> segments = new ArrayList<>();
    while (true) {
      int end = nameEnd(i);
      if (end == i) {
        if (i == text.length()) {
          error(start, "'${' is never closed with '}'");
          return i;
        }
        error(i, "expected a name of ASCII letters, digits, '_' or '-' in '${...}', found "
            + describe(text.charAt(i)));
        return close < 0 ? text.length() : close + 1;
      }
      segments.add(new Segment(text.substring(i, end), i));
      if (end < text.length() && text.charAt(end) == '.') {
        i = end + 1;
        continue;
      }
      int after = skipSpaces(end);
      if (after == text.length()) {
        error(start, "'${' is never closed with '}'");
        return after;
      }
      if (text.charAt(after) != '}') {
        error(after, "expected '.' or '}' in '${...}', found " + describe(text.charAt(after)));
        return close < 0 ? text.length() : close + 1;
      }
      reference(segments, after, true);
      return after + 1;
    }
  }

  private record Segment(String name, int offset) {
  }

  /**
   * Turns the segments into a reference part, or reports why they are none.
   *
   * @param end    where the reference ends: after its last name, or at the closing brace
   * @param braced whether it was written {@code ${...}}, for the advice in messages
   */
  private void reference(List<Segment> segments, int end, boolean braced) {
    String cluster = segments.get(0).name();
    if (segments.size() == 1) {
      add(new Reference.Local(cluster));
      return;
    }
    Segment group = segments.get(1);
    Reference.Kind kind = kindOf(group.name());
    if (kind == null) {
      error(group.offset(), "unknown reference part '" + group.name()
          + "': expected host, ports, environment_variables or constants");
      return;
    }
    int allowed = kind == Reference.Kind.HOST ? 2 : 3;
    if (segments.size() < allowed) {
      error(end, "'" + cluster + "." + group.name() + "' needs a " + nameOf(kind) + ": "
          + cluster + "." + group.name() + ".<" + nameOf(kind).replace(' ', '-') + ">");
      return;
    }
    if (segments.size() > allowed) {
      Segment extra = segments.get(allowed);
      String whole = joined(segments.subList(0, allowed));
      String rest = text.substring(extra.offset() - 1, end);
      error(extra.offset() - 1, braced
          ? "'" + whole + "' is a complete reference: '" + rest.strip() + "' does not belong in it"
          : "'" + whole + "' is a complete reference: to follow it with '" + rest
              + "' write '${" + whole + "}" + rest + "'");
      return;
    }
    String name = kind == Reference.Kind.HOST ? null : segments.get(2).name();
    add(switch (kind) {
      case HOST -> new Reference.Host(cluster);
      case PORT -> new Reference.Port(cluster, name);
      case ENVIRONMENT_VARIABLE -> new Reference.EnvironmentVariable(cluster, name);
      case CONSTANT -> new Reference.Constant(cluster, name);
      case LOCAL -> throw new IllegalStateException("a local reference has one segment");
    });
  }

  private static Reference.Kind kindOf(String group) {
    for (Reference.Kind kind : Reference.Kind.values()) {
      if (kind != Reference.Kind.LOCAL && kind.segment().equals(group)) {
        return kind;
      }
    }
    return null;
  }

  private static String nameOf(Reference.Kind kind) {
    return switch (kind) {
      case PORT -> "port name";
      case ENVIRONMENT_VARIABLE -> "variable name";
      case CONSTANT -> "constant name";
      case HOST, LOCAL -> "name";
    };
  }

  private static String joined(List<Segment> segments) {
    return String.join(".", segments.stream().map(Segment::name).toList());
  }

  private int nameEnd(int from) {
    int end = from;
    while (end < text.length() && Reference.isNameChar(text.charAt(end))) {
      end++;
    }
    return end;
  }

  private int skipSpaces(int from) {
    int i = from;
    while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private void add(Reference reference) {
    flushLiteral();
    parts.add(reference);
  }

  private void flushLiteral() {
    if (!literal.isEmpty()) {
      parts.add(new Literal(literal.toString()));
      literal.setLength(0);
    }
  }

  private void error(int offset, String message) {
    errors.add(new TemplateError(offset, message));
  }

  private static String describe(char c) {
    return c >= 0x20 && c <= 0x7e ? "'" + c + "'" : String.format("U+%04X", (int) c);
  }
}
