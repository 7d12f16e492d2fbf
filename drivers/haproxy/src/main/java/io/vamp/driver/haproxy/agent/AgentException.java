package io.vamp.driver.haproxy.agent;

/** The gateway agent cannot do what it was asked: its message says why, plainly, for logs and status. */
public final class AgentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AgentException(String message) {
    super(message);
  }

  public AgentException(String message, Throwable cause) {
    super(message, cause);
  }
}
