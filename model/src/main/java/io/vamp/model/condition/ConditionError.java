package io.vamp.model.condition;

import java.util.Objects;

/**
 * A problem in a condition string.
 *
 * @param offset  0-based index into the condition text where the problem is; the text's length when
 *                the text ended too early
 * @param message what is wrong, for a user to read; printable ASCII only
 */
public record ConditionError(int offset, String message) {

  public ConditionError {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must not be negative: " + offset);
    }
    Objects.requireNonNull(message, "message");
    if (message.isBlank()) {
      throw new IllegalArgumentException("message must not be blank");
    }
  }

  @Override
  public String toString() {
    return "at " + offset + ": " + message;
  }
}
