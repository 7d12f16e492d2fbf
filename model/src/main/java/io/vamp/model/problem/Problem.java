package io.vamp.model.problem;

import java.util.Comparator;
import java.util.Objects;

/**
 * One thing wrong with a repository, where a person can find it: the file (relative to the
 * repository root, '/'-separated), the 1-based line and column, the field's path inside the
 * document (e.g. {@code clusters.sava.gateways.routes.sava:1.1.0.weight}) and a message.
 */
public record Problem(String file, int line, int column, String path, String message) {

  public static final Comparator<Problem> ORDER = Comparator.comparing(Problem::file)
      .thenComparingInt(Problem::line)
      .thenComparingInt(Problem::column)
      .thenComparing(Problem::path)
      .thenComparing(Problem::message);

  public Problem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    // one problem is one line: control characters from the repository are shown, never emitted
    file = visible(file);
    path = path == null ? "" : visible(path);
    message = visible(message);
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException("line and column must not be negative");
    }
  }

  private static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || c == '\u0085' || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(text.substring(0, i));
      }
      if (out != null) {
        out.append(!control ? String.valueOf(c)
            : c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      }
    }
    return out == null ? text : out.toString();
  }

  public static Problem at(Position position, String path, String message) {
    return new Problem(position.file(), position.line(), position.column(), path, message);
  }

  /** {@code file:line:col: path: message}, or without the path when there is none. */
  @Override
  public String toString() {
    String where = file + ":" + line + ":" + column + ": ";
    return path.isEmpty() ? where + message : where + path + ": " + message;
  }
}
