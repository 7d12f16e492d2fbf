package io.vamp.model.artifact;

import java.time.Duration;
import java.util.Objects;

/**
 * A health check: a request to {@code path} on the named port.
 *
 * @param port the name of a breed port
 * @param protocol {@code HTTP} or {@code HTTPS}
 */
public record HealthCheck(
    String path, String port, String protocol, Duration initialDelay, Duration timeout, Duration interval,
    int failures) {

  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ZERO;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final int DEFAULT_FAILURES = 3;

  public HealthCheck {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(port, "port");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(interval, "interval");
  }
}
