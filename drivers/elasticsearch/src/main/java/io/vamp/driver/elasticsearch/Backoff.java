package io.vamp.driver.elasticsearch;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff as a value: after {@code n} failures in a row, wait {@code initial × multiplier^(n-1)},
 * at most {@code max}, spread by ± {@code jitter} (a fraction) so that several shippers do not retry in step.
 * A small policy object rather than a retry library: the shippers schedule their own attempts and only need
 * the next delay.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  /** 0.5 s, doubling, at most 30 s, ± 20 %. */
  public static final Backoff DEFAULT = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2.0, 0.2);

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 < initial <= max, got " + initial + ", " + max);
    }
    if (multiplier < 1.0 || jitter < 0.0 || jitter >= 1.0) {
      throw new IllegalArgumentException("backoff needs multiplier >= 1 and 0 <= jitter < 1");
    }
  }

  /** The wait after {@code failures} failures in a row (none: zero), {@code random} in [0, 1). */
  public Duration delay(int failures, DoubleSupplier random) {
    if (failures <= 0) {
      return Duration.ZERO;
    }
    double base = initial.toMillis() * Math.pow(multiplier, Math.min(failures - 1, 62));
    double capped = Math.min(base, max.toMillis());
    double spread = capped * (1.0 + jitter * (2.0 * random.getAsDouble() - 1.0));
    return Duration.ofMillis(Math.max(1L, Math.min(Math.round(spread), max.toMillis())));
  }
}
