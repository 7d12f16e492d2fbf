package io.vamp.driver.marathon;

import io.vamp.driver.marathon.standin.MarathonStandIn;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerContract;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The SPI's scheduler contract against the in-process Marathon stand-in (no Marathon can run here). */
class MarathonSchedulerContractTest extends SchedulerContract {
  private static MarathonStandIn standIn;

  @TempDir
  Path data;

  @BeforeAll
  static void startStandIn() {
    standIn = MarathonStandIn.start().taskStartDelay(Duration.ofMillis(100));
  }

  @AfterAll
  static void stopStandIn() {
    standIn.close();
  }

  @Override
  protected Scheduler newScheduler(String namespace) {
    return standIn.scheduler(namespace, data);
  }

  @Override
  protected Workload runnableWorkload(WorkloadId id, SortedMap<String, String> environment, int instances) {
    return TestWorkloads.web(id, environment, instances);
  }

  @Override
  protected Duration readyTimeout() {
    return Duration.ofSeconds(20);
  }
}
