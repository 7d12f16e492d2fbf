package io.vamp.model.condition;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** What {@link ConditionParser#parse(String)} gives: a condition, or every error found in the text. */
public sealed interface ConditionParseResult {

  /** The errors; empty when parsing succeeded. */
  List<ConditionError> errors();

  /** The condition, or an {@link IllegalArgumentException} listing the errors. */
  Condition orElseThrow();

  record Parsed(Condition condition) implements ConditionParseResult {

    public Parsed {
      Objects.requireNonNull(condition, "condition");
    }

    @Override
    public List<ConditionError> errors() {
      return List.of();
    }

    @Override
    public Condition orElseThrow() {
      return condition;
    }
  }

  /** At least one error, ordered by offset. */
  record Failed(List<ConditionError> errors) implements ConditionParseResult {

    public Failed {
      errors = errors.stream()
          .map(e -> Objects.requireNonNull(e, "error"))
          .sorted(Comparator.comparingInt(ConditionError::offset))
          .toList();
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a failed parse needs at least one error");
      }
    }

    @Override
    public Condition orElseThrow() {
      throw new IllegalArgumentException("invalid condition: "
          + errors.stream().map(ConditionError::toString).collect(Collectors.joining("; ")));
    }
  }
}
