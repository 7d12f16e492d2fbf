package io.vamp.model.yaml;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
   * @param source the scalar's source text, kept when the value alone cannot say where its characters
   *               are (escapes, doubled quotes, folded lines, block scalars); empty when the value is
   *               written as it is, on one line, with or without quotes
   */
  record Scalar(String value, ScalarType type, boolean quoted, Position position, Optional<ScalarSource> source)
      implements YNode {

    public Scalar {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(source, "source");
    }

    /** A scalar whose value is written as it is, on one line. */
    public Scalar(String value, ScalarType type, boolean quoted, Position position) {
      this(value, type, quoted, position, Optional.empty());
    }

    /**
     * Where the character at {@code offset} of the value is written (an offset of the value's length
     * is just after its last character). Columns count code points, as SnakeYAML's marks do; escapes,
     * doubled quotes, folded and block scalars are followed back to the source.
     */
    public Position positionOf(int offset) {
      int clamped = Math.max(0, Math.min(offset, value.length()));
      if (source.isPresent()) {
        return ScalarPositions.positionOf(position, source.get(), value, clamped);
      }
      return position.shifted((quoted ? 1 : 0) + value.codePointCount(0, clamped));
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

  /**
   * The source of a scalar, from its first character (a quote, a block indicator or the first letter)
   * to where SnakeYAML ended it.
   */
  record ScalarSource(ScalarStyle style, String raw) {
    public ScalarSource {
      Objects.requireNonNull(style, "style");
      Objects.requireNonNull(raw, "raw");
    }
  }

  /** How a scalar is written. */
  enum ScalarStyle {
    PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL, FOLDED
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
