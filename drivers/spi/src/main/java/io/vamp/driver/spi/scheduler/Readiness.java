package io.vamp.driver.spi.scheduler;

import java.util.Objects;

/** Whether a workload can take traffic, with a message a person can read while waiting. */
public record Readiness(boolean ready, int readyInstances, int wantedInstances, String message) {
  public Readiness {
    Objects.requireNonNull(message, "message");
  }

  public static Readiness missing() {
    return new Readiness(false, 0, 0, "not deployed");
  }
}
