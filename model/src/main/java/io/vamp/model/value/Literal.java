package io.vamp.model.value;

import java.util.Objects;

/** Text taken as it is; a {@code $} in it stands for itself (written {@code $$} in template text). */
public record Literal(String text) implements Part {

  public Literal {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty()) {
      throw new IllegalArgumentException("a literal must not be empty");
    }
  }

  @Override
  public String source() {
    return text.replace("$", "$$");
  }
}
