package io.vamp.driver.kubernetes;

import io.vamp.driver.kubernetes.standin.KubernetesStandIn;
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

/**
 * The SPI's scheduler contract against a stand-in: fabric8's mock API server in CRUD mode with simulated
 * controllers (no API server can run here). Both Vamp namespaces of a test share one Kubernetes
 * namespace, so isolation rests on the ownership marks alone.
 */
class KubernetesSchedulerContractTest extends SchedulerContract {
  private static KubernetesStandIn standIn;

  @TempDir
  Path data;

  @BeforeAll
  static void startStandIn() {
    standIn = KubernetesStandIn.start();
    standIn.controllers().podStartDelay(Duration.ofMillis(150));
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
