package io.vamp.model.problem;

import java.util.Objects;

/** Where a value starts in a repository file: 1-based line and column. */
public record Position(String file, int line, int column) {

  public Position {
    Objects.requireNonNull(file, "file");
  }

  public static Position startOf(String file) {
    return new Position(file, 1, 1);
  }

  /** The position {@code offset} characters to the right on the same line (for errors inside a value). */
  public Position shifted(int offset) {
    return new Position(file, line, column + offset);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
