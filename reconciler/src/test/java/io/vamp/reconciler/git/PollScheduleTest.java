package io.vamp.reconciler.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vamp.reconciler.git.PollSchedule.Wake;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PollScheduleTest {

  @Test
  void intervalDefaultsToTenSecondsAndMayNotGoBelowOne() {
    assertThat(new PollSchedule().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(new PollSchedule(Duration.ofSeconds(1)).interval()).isEqualTo(Duration.ofSeconds(1));
    assertThatThrownBy(() -> new PollSchedule(Duration.ofMillis(999)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
  }

  @Test
  void wakesWhenTheIntervalHasPassed() throws Exception {
    PollSchedule schedule = new PollSchedule(Duration.ofSeconds(1));
    long started = System.nanoTime();

    assertThat(schedule.await()).isEqualTo(Wake.INTERVAL);

    assertThat(Duration.ofNanos(System.nanoTime() - started))
        .isGreaterThanOrEqualTo(Duration.ofMillis(990)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void triggerWakesAWaiterLongBeforeTheInterval() {
    PollSchedule schedule = new PollSchedule(Duration.ofMinutes(10));
    CompletableFuture<Wake> waiter = CompletableFuture.supplyAsync(() -> awaitUnchecked(schedule));
    await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(2))
        .until(() -> !waiter.isDone());

    schedule.trigger();

    await().atMost(Duration.ofSeconds(2)).until(waiter::isDone);
    assertThat(waiter.join()).isEqualTo(Wake.TRIGGERED);
  }

  @Test
  void aTriggerWhileNoOneWaitsIsKeptAndSeveralCountAsOne() throws Exception {
    PollSchedule schedule = new PollSchedule(Duration.ofSeconds(1));
    schedule.trigger();
    schedule.trigger();
    schedule.trigger();

    assertThat(schedule.await()).isEqualTo(Wake.TRIGGERED);
    assertThat(schedule.await()).isEqualTo(Wake.INTERVAL);
  }

  @Test
  void closeWakesWaitersAndLaterAwaitsReturnAtOnce() throws Exception {
    PollSchedule schedule = new PollSchedule(Duration.ofMinutes(10));
    CompletableFuture<Wake> waiter = CompletableFuture.supplyAsync(() -> awaitUnchecked(schedule));
    await().during(Duration.ofMillis(50)).atMost(Duration.ofSeconds(2))
        .until(() -> !waiter.isDone());

    schedule.close();

    assertThat(waiter.get(2, TimeUnit.SECONDS)).isEqualTo(Wake.CLOSED);
    schedule.trigger();
    assertThat(schedule.await()).isEqualTo(Wake.CLOSED);
  }

  @Test
  void anInterruptedWaiterGetsInterruptedException() {
    PollSchedule schedule = new PollSchedule(Duration.ofMinutes(10));
    Thread.currentThread().interrupt();
    assertThatThrownBy(schedule::await).isInstanceOf(InterruptedException.class);
  }

  private static Wake awaitUnchecked(PollSchedule schedule) {
    try {
      return schedule.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
