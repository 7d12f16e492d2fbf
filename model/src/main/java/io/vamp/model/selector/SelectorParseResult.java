package io.vamp.model.selector;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** What {@link SelectorParser#parse(String)} gives: a selector, or every error found in the text. */
public sealed interface SelectorParseResult {

  /** The errors; empty when parsing succeeded. */
  List<SelectorError> errors();

  /** The selector, or an {@link IllegalArgumentException} listing the errors. */
  Selector orElseThrow();

  record Parsed(Selector selector) implements SelectorParseResult {

    public Parsed {
      Objects.requireNonNull(selector, "selector");
    }

    @Override
    public List<SelectorError> errors() {
      return List.of();
    }

    @Override
    public Selector orElseThrow() {
      return selector;
    }
  }

  /** At least one error, ordered by offset. */
  record Failed(List<SelectorError> errors) implements SelectorParseResult {

    public Failed {
      errors = errors.stream()
          .map(e -> Objects.requireNonNull(e, "error"))
          .sorted(Comparator.comparingInt(SelectorError::offset))
          .toList();
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a failed parse needs at least one error");
      }
    }

    @Override
    public Selector orElseThrow() {
      throw new IllegalArgumentException("invalid selector: "
          + errors.stream().map(SelectorError::toString).collect(Collectors.joining("; ")));
    }
  }
}
