package io.vamp.driver.haproxy.render;

/**
 * Thrown when a name, value, address or path handed to the renderer could change the meaning of the
 * configuration (a newline, {@code #}, a quote, a control character, ...) or is otherwise not
 * renderable. The model refuses all of these upstream, so seeing one means a bug or a bypass: the
 * renderer fails rather than escape or drop anything.
 */
public final class UnsafeInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UnsafeInputException(String message) {
    super(message);
  }
}
