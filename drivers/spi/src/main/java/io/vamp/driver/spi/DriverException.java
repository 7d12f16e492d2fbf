package io.vamp.driver.spi;

/**
 * A driver could not do what was asked. {@link #retryable()} tells the reconciler whether trying again
 * later may help (a server down, a timeout, a conflict) or not (bad credentials, a rejected object).
 */
public class DriverException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public DriverException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public DriverException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
