package io.vamp.model.yaml;

import io.vamp.model.problem.Position;
import java.util.List;

/**
 * A YAML node that remembers where it starts. The readers walk these instead of plain maps so every
 * problem can name a file, line and column.
 */
public sealed interface YNode permits YNode.Scalar, YNode.Mapping, YNode.Sequence, YNode.Null {

  Position position();

  /** What the node is, in words for error messages ("a map", "a list", "a text", "nothing"). */
  String describe();

  /**
   * A scalar as written, with the type YAML's core schema resolved for it.
   *
   * @param quoted written between quotes, so the text starts one column after {@code position}
   */
  record Scalar(String value, ScalarType type, boolean quoted, Position position) implements YNode {

    /** Where the character at {@code offset} of the value is, for errors inside a single-line value. */
    public Position positionOf(int offset) {
      return position.shifted(offset + (quoted ? 1 : 0));
    }

    @Override
    public String describe() {
      return switch (type) {
        case STRING -> "a text";
        case INT, FLOAT -> "a number";
        case BOOL -> "a boolean";
      };
    }
  }

  /** A map; keys are scalars, in document order, unique. */
  record Mapping(List<Entry> entries, Position position) implements YNode {
    public Mapping {
      entries = List.copyOf(entries);
    }

    @Override
    public String describe() {
      return "a map";
    }
  }

  record Entry(Scalar key, YNode value) {}

  record Sequence(List<YNode> items, Position position) implements YNode {
    public Sequence {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** An explicit null: {@code ~}, {@code null} or an empty value. */
  record Null(Position position) implements YNode {
    @Override
    public String describe() {
      return "nothing";
    }
  }

  enum ScalarType { STRING, INT, FLOAT, BOOL }
}
