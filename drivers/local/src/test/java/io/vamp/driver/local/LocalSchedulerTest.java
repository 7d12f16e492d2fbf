package io.vamp.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerFactory;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the local scheduler decides without running anything. */
class LocalSchedulerTest {

  @TempDir
  Path data;

  @Test
  void theFactoryIsFoundByNameThroughServiceLoader() {
    SchedulerFactory factory = Drivers.find(SchedulerFactory.class, "local");

    assertThat(factory).isInstanceOf(LocalSchedulerFactory.class);
    try (Scheduler scheduler = factory.create(new DriverConfig("default", data, Optional.empty(), Map.of()))) {
      assertThat(scheduler.observe()).isEmpty();
    }
  }

  @Test
  void aDockerBreedWithoutALocalDialectIsRefusedClearlyAndNothingIsRecorded() {
    try (LocalScheduler scheduler = new LocalScheduler(TestService.config("default", data, Map.of()))) {
      WorkloadId id = new WorkloadId("sava", "sava", "sava:1.0.0");

      assertThatThrownBy(() -> scheduler.deploy(TestService.workload(id, new TreeMap<>(), 1,
          new Deployable(Deployable.Type.DOCKER, "magneticio/sava:1.0.0"), List.of(), Dialects.NONE,
          List.of(new Port("web", 8080, Protocol.HTTP)))))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
          .hasMessageContaining("sava/sava/sava:1.0.0").hasMessageContaining("docker");
      assertThat(scheduler.observe()).isEmpty();
      assertThat(data.resolve("local/default/sava+sava+sava_3A1.0.0")).doesNotExist();
    }
  }

  @Test
  void aMissingWorkingDirectoryIsRefused() {
    try (LocalScheduler scheduler = new LocalScheduler(TestService.config("default", data, Map.of()))) {
      Dialects dialects = new Dialects(Map.of("local", Map.of("command", "true",
          "working_directory", data.resolve("nowhere").toString())));

      assertThatThrownBy(() -> scheduler.deploy(TestService.workload(new WorkloadId("a", "b", "c"), new TreeMap<>(), 1,
          new Deployable(Deployable.Type.COMMAND, "true"), List.of(), dialects, List.of())))
          .isInstanceOf(DriverException.class).hasMessageContaining("nowhere").hasMessageContaining("a/b/c");
    }
  }

  @Test
  void onlyOneSchedulerAtATimeSupervisesANamespace() {
    try (LocalScheduler first = new LocalScheduler(TestService.config("team", data, Map.of()));
         LocalScheduler other = new LocalScheduler(TestService.config("other-team", data, Map.of()))) {
      assertThatThrownBy(() -> new LocalScheduler(TestService.config("team", data, Map.of())))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageContaining("'team'");
      assertThat(first.observe()).isEmpty();
      assertThat(other.observe()).isEmpty();
    }
    try (LocalScheduler again = new LocalScheduler(TestService.config("team", data, Map.of()))) {
      assertThat(again.observe()).isEmpty();
    }
  }

  @Test
  void aClosedSchedulerRefusesWork() {
    LocalScheduler scheduler = new LocalScheduler(TestService.config("default", data, Map.of()));
    scheduler.close();
    scheduler.close();

    assertThatThrownBy(scheduler::observe).isInstanceOf(DriverException.class).hasMessageContaining("closed");
  }

  @Test
  void removingWhatIsNotThereIsFine() {
    try (LocalScheduler scheduler = new LocalScheduler(TestService.config("default", data, Map.of()))) {
      scheduler.remove(new WorkloadId("a", "b", "c"));

      assertThat(scheduler.readiness(new WorkloadId("a", "b", "c")).ready()).isFalse();
    }
  }
}
