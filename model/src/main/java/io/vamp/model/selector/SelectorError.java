package io.vamp.model.selector;

import java.util.Objects;

/**
 * A problem in a selector's text.
 *
 * @param offset  0-based index into the selector text where the problem is; the text's length when
 *                the text ended too early
 * @param message what is wrong, for a user to read; printable ASCII only
 */
public record SelectorError(int offset, String message) {

  public SelectorError {
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
