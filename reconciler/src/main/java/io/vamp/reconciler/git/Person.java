package io.vamp.reconciler.git;

import java.time.Instant;
import java.util.Objects;

/** The author or committer of a commit; prints as {@code name <email>}. */
public record Person(String name, String email, Instant when) {
  public Person {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(when, "when");
  }

  @Override
  public String toString() {
    return name + " <" + email + ">";
  }
}
