package io.vamp.model.value;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/** What {@link TemplateParser#parse(String)} gives: a template, or every error found in the text. */
public sealed interface TemplateParseResult {

  /** The errors; empty when parsing succeeded. */
  List<TemplateError> errors();

  /** The template, or an {@link IllegalArgumentException} listing the errors. */
  Template orElseThrow();

  record Parsed(Template template) implements TemplateParseResult {

    public Parsed {
      Objects.requireNonNull(template, "template");
    }

    @Override
    public List<TemplateError> errors() {
      return List.of();
    }

    @Override
    public Template orElseThrow() {
      return template;
    }
  }

  /** At least one error, ordered by offset. */
  record Failed(List<TemplateError> errors) implements TemplateParseResult {

    public Failed {
      errors = errors.stream()
          .map(e -> Objects.requireNonNull(e, "error"))
          .sorted(Comparator.comparingInt(TemplateError::offset))
          .toList();
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("a failed parse needs at least one error");
      }
    }

    @Override
    public Template orElseThrow() {
      throw new IllegalArgumentException("invalid value: "
          + errors.stream().map(TemplateError::toString).collect(Collectors.joining("; ")));
    }
  }
}
