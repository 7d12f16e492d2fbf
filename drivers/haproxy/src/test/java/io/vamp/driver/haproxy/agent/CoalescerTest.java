package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoalescerTest {
  private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
  private final ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
  private final List<Integer> applied = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    pacer.shutdownNow();
    executor.shutdownNow();
  }

  @Test
  void aBurstIsAppliedOnceWithItsLatestValue() {
    Coalescer<Integer> coalescer = new Coalescer<>(executor, Duration.ofMillis(200), Duration.ofSeconds(1),
        applied::add);
    AtomicInteger offered = new AtomicInteger();
    // 20 offers in 100 ms
    pacer.scheduleAtFixedRate(() -> {
      int n = offered.incrementAndGet();
      if (n <= 20) {
        coalescer.offer(n);
      }
    }, 0, 5, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> !applied.isEmpty());
    await().pollDelay(Duration.ofMillis(400)).atMost(Duration.ofSeconds(5)).until(() -> offered.get() > 20);
    assertThat(applied).containsExactly(20);
  }

  @Test
  void aChangeThatNeverStopsIsStillAppliedWithinTheMaximumDelay() {
    Coalescer<Integer> coalescer = new Coalescer<>(executor, Duration.ofMillis(100), Duration.ofMillis(300),
        applied::add);
    AtomicInteger offered = new AtomicInteger();
    long started = System.nanoTime();
    pacer.scheduleAtFixedRate(() -> coalescer.offer(offered.incrementAndGet()), 0, 20, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> !applied.isEmpty());
    long firstMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(firstMillis).isLessThan(1_500);
    await().atMost(Duration.ofSeconds(5)).until(() -> applied.size() >= 3);
    assertThat(applied).isSorted();
  }

  @Test
  void offersDuringASlowActionAreCoalescedIntoTheNextRun() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger overlapped = new AtomicInteger();
    List<Integer> seen = new CopyOnWriteArrayList<>();
    AtomicReference<Coalescer<Integer>> holder = new AtomicReference<>();
    holder.set(new Coalescer<>(executor, Duration.ZERO, Duration.ZERO, value -> {
      if (running.incrementAndGet() > 1) {
        overlapped.incrementAndGet();
      }
      seen.add(value);
      if (value == 1) {
        for (int i = 2; i <= 10; i++) {
          holder.get().offer(i); // arrive while the first run is still going
        }
      }
      running.decrementAndGet();
    }));
    holder.get().offer(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(10));
    assertThat(seen).containsExactly(1, 10);
    assertThat(overlapped.get()).isZero();
  }
}
