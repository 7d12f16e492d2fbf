package io.vamp.reconciler.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLogTest {
  @Test
  void logsAtMostEveryFiveSeconds() {
    AtomicLong now = new AtomicLong(0);
    ProgressLog progress = new ProgressLog("fetch main", now::get);
    progress.beginTask("Receiving objects", 4000);
    assertThat(progress.logged).isFalse();
    now.addAndGet(ProgressLog.EVERY.toNanos() - 1);
    progress.update(100);
    assertThat(progress.logged).isFalse();
    now.addAndGet(1);
    progress.update(100);
    assertThat(progress.logged).isTrue();
    progress.update(100);
    assertThat(progress.logged).isFalse();
    now.addAndGet(ProgressLog.EVERY.toNanos());
    progress.endTask();
    assertThat(progress.logged).isTrue();
  }
}
