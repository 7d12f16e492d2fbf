package io.vamp.driver.local;

import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerContract;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler contract with real processes: the tiny Java HTTP service, with an HTTP health check. */
class LocalSchedulerContractIT extends SchedulerContract {

  @TempDir
  Path data;

  private final List<LocalScheduler> made = new ArrayList<>();

  @Override
  protected Scheduler newScheduler(String namespace) {
    LocalScheduler scheduler = new LocalScheduler(TestService.config(namespace, data, Map.of()));
    made.add(scheduler);
    return scheduler;
  }

  @Override
  protected Workload runnableWorkload(WorkloadId id, SortedMap<String, String> environment, int instances) {
    return TestService.workload(id, environment, instances);
  }

  /** Runs before the contract's own clean-up: no process outlives its test. */
  @AfterEach
  void stopEveryProcess() {
    for (LocalScheduler scheduler : made) {
      try {
        scheduler.stopAll();
      } catch (RuntimeException ignored) {
        // already closed by the test
      }
    }
  }
}
