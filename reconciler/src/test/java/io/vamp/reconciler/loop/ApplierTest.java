package io.vamp.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import io.vamp.reconciler.plan.Action;
import io.vamp.reconciler.plan.Plan;
import io.vamp.reconciler.plan.Publisher;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The applier's order, ownership and parallel deploys, on a recording scheduler and a real H2 ledger. */
class ApplierTest {
  @TempDir
  Path data;

  private RecordingScheduler scheduler;
  private Backends backends;
  private final List<Applier.Step> steps = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void open() {
    scheduler = new RecordingScheduler();
    DriverConfig config = new DriverConfig("test", data, Optional.empty(), Map.of());
    Ledger ledger = Drivers.find(LedgerFactory.class, "h2").create(config);
    backends = new Backends(scheduler, Drivers.find(KeyValueStoreFactory.class, "memory").create(config), ledger,
        new EventSink() {
          @Override
          public void publish(List<io.vamp.driver.spi.event.Event> events) {
            // the applier reports through its listener; nothing is announced here
          }

          @Override
          public void close() {
            // nothing to release
          }
        });
  }

  @AfterEach
  void close() {
    backends.close();
  }

  @Test
  void deploysRunSeveralAtATimeButNeverMoreThanTheParallelism() {
    Plan plan = plan(12);

    Optional<Outcome.Failed> failure = applier(4).apply(plan, "a".repeat(40), () -> false, steps::add);

    assertThat(failure).isEmpty();
    assertThat(scheduler.deployed).hasSize(12);
    assertThat(scheduler.maxInFlight.get()).as("deploys in flight at once").isBetween(2, 4);
    assertThat(steps).extracting(Applier.Step::sequence).containsExactlyInAnyOrderElementsOf(range(13));
    assertThat(steps).allMatch(s -> s.outcome().equals("applied"));
    assertThat(steps.get(12).action().type()).as("the wait comes after every deploy").isEqualTo("wait-ready");
    // ownership is recorded once for the whole run, before any of them is created
    assertThat(backends.ledger().inventory().workloads()).hasSize(12);
    assertThat(scheduler.ownedWhenDeployed).allMatch(n -> n == 12);
  }

  @Test
  void withParallelismOneTheDeploysRunInPlanOrderOnTheCallingThread() {
    Plan plan = plan(5);

    assertThat(applier(1).apply(plan, "a".repeat(40), () -> false, steps::add)).isEmpty();

    assertThat(scheduler.maxInFlight.get()).isEqualTo(1);
    assertThat(scheduler.threads).containsOnly(Thread.currentThread().getName());
    assertThat(scheduler.deployed).containsExactlyElementsOf(plan.actions().stream()
        .filter(a -> a instanceof Action.Deploy).map(a -> ((Action.Deploy) a).workload().id()).toList());
    assertThat(steps).extracting(Applier.Step::sequence).containsExactly(0, 1, 2, 3, 4, 5);
  }

  @Test
  void aFailedDeployStopsNewOnesAndTheRestOfThePlanAndIsReported() {
    Plan plan = plan(20);
    WorkloadId failing = ((Action.Deploy) plan.actions().get(2)).workload().id();
    scheduler.failing.add(failing);

    Optional<Outcome.Failed> failure = applier(3).apply(plan, "a".repeat(40), () -> false, steps::add);

    assertThat(failure).isPresent();
    assertThat(failure.get().retryable()).isFalse();
    assertThat(failure.get().reason()).contains("refused on purpose");
    assertThat(scheduler.deployed.size()).as("deploys started after the failure was seen").isLessThan(20);
    assertThat(steps).filteredOn(s -> s.outcome().equals("failed")).singleElement()
        .satisfies(s -> assertThat(s.sequence()).isEqualTo(2));
    assertThat(steps).extracting(s -> s.action().type()).doesNotContain("wait-ready");
    // every step reported was started: nothing is recorded for deploys that never ran
    assertThat(steps).hasSize(scheduler.attempted.get());
  }

  @Test
  void aNewerCommitStopsStartingDeploys() {
    Plan plan = plan(30);
    AtomicBoolean newer = new AtomicBoolean();
    scheduler.onDeploy = n -> {
      if (n == 5) {
        newer.set(true);
      }
    };

    assertThatThrownBy(() -> applier(2).apply(plan, "a".repeat(40), newer::get, steps::add))
        .isInstanceOf(Applier.SupersededException.class);

    assertThat(scheduler.attempted.get()).isLessThan(30);
    assertThat(steps).hasSize(scheduler.attempted.get()).allMatch(s -> s.outcome().equals("applied"));
  }

  private Applier applier(int parallelism) {
    return new Applier(backends, new Publisher("test",
        io.vamp.driver.haproxy.render.RenderSettings.defaults(data.resolve("run"))), Clock.systemUTC(), parallelism);
  }

  /** {@code n} deploys, then a wait for all of them. */
  private static Plan plan(int n) {
    List<Action> actions = new ArrayList<>();
    List<WorkloadId> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      WorkloadId id = new WorkloadId("shop", "web", String.format("web-%02d", i));
      ids.add(id);
      actions.add(new Action.Deploy(new Workload(id, new Deployable(Deployable.Type.COMMAND, "true"),
          List.of(new Port("web", 8080, Protocol.HTTP)), new TreeMap<>(), new Resources(BigDecimal.ONE, 64, 1),
          List.of(), List.<Argument>of(), Dialects.NONE, List.of()), Optional.empty()));
    }
    actions.add(new Action.WaitReady(ids, Duration.ofSeconds(5)));
    return new Plan(List.of(), actions);
  }

  private static List<Integer> range(int n) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(i);
    }
    return out;
  }

  /** Deploys take 30 ms (to overlap even on a loaded machine); counts how many run at once; refuses some. */
  private final class RecordingScheduler extends InstantScheduler {
    final List<WorkloadId> deployed = Collections.synchronizedList(new ArrayList<>());
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    final Set<WorkloadId> failing = ConcurrentHashMap.newKeySet();
    final List<Integer> ownedWhenDeployed = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger attempted = new AtomicInteger();
    volatile java.util.function.IntConsumer onDeploy = n -> { };

    @Override
    public void deploy(Workload workload) {
      onDeploy.accept(attempted.incrementAndGet());
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      threads.add(Thread.currentThread().getName());
      ownedWhenDeployed.add(backends.ledger().inventory().workloads().size());
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      if (failing.contains(workload.id())) {
        throw new DriverException("refused on purpose: " + workload.id(), false);
      }
      super.deploy(workload);
      deployed.add(workload.id());
    }
  }
}
