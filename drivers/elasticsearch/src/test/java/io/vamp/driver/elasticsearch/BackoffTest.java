package io.vamp.driver.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 2.0, 0.2);

  @Test
  void doublesFromTheInitialDelayUpToTheMaximum() {
    assertThat(backoff.delay(0, () -> 0.5)).isZero();
    assertThat(backoff.delay(1, () -> 0.5)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(2, () -> 0.5)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delay(4, () -> 0.5)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.delay(10, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
    assertThat(backoff.delay(Integer.MAX_VALUE, () -> 0.5)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void jitterSpreadsWithinItsFractionAndNeverPassesTheMaximum() {
    assertThat(backoff.delay(2, () -> 0.0)).isEqualTo(Duration.ofMillis(160));
    assertThat(backoff.delay(2, () -> 0.999999)).isEqualTo(Duration.ofMillis(240));
    assertThat(backoff.delay(20, () -> 0.999999)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesNonsense() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.0)).isInstanceOf(IllegalArgumentException.class);
  }
}
