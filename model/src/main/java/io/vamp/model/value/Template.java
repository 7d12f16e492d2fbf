package io.vamp.model.value;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A value with references in it. Adjacent literals are merged, so two templates that render alike
 * for every resolver are equal.
 */
public record Template(List<Part> parts) {

  public Template {
    List<Part> merged = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    for (Part part : Objects.requireNonNull(parts, "parts")) {
      Objects.requireNonNull(part, "part");
      if (part instanceof Literal literal) {
        text.append(literal.text());
      } else {
        flush(text, merged);
        merged.add(part);
      }
    }
    flush(text, merged);
    parts = List.copyOf(merged);
  }

  /** A template without references. */
  public static Template literal(String text) {
    return new Template(text.isEmpty() ? List.of() : List.of(new Literal(text)));
  }

  /** The references in order of first appearance, each once. */
  public List<Reference> references() {
    LinkedHashSet<Reference> references = new LinkedHashSet<>();
    for (Part part : parts) {
      if (part instanceof Reference reference) {
        references.add(reference);
      }
    }
    return List.copyOf(references);
  }

  public boolean hasReferences() {
    return parts.stream().anyMatch(Reference.class::isInstance);
  }

  /**
   * The final text: literals as they are, each reference replaced by what {@code resolver} gives
   * for it. The resolver must not return null.
   */
  public String render(Function<? super Reference, String> resolver) {
    Objects.requireNonNull(resolver, "resolver");
    StringBuilder out = new StringBuilder();
    for (Part part : parts) {
      if (part instanceof Literal literal) {
        out.append(literal.text());
      } else if (part instanceof Reference reference) {
        String value = resolver.apply(reference);
        out.append(Objects.requireNonNull(value, () -> "the resolver gave no value for " + reference.source()));
      }
    }
    return out.toString();
  }

  /** Canonical template text: {@code $$} for a dollar sign, {@code ${...}} for every reference. */
  @Override
  public String toString() {
    return parts.stream().map(Part::source).collect(Collectors.joining());
  }

  private static void flush(StringBuilder text, List<Part> parts) {
    if (!text.isEmpty()) {
      parts.add(new Literal(text.toString()));
      text.setLength(0);
    }
  }
}
