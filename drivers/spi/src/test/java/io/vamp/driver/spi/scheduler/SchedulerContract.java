package io.vamp.driver.spi.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.model.artifact.Port;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Scheduler} must do, whatever its backend. A backend's test extends this class,
 * says how to make a scheduler for a namespace on the backend under test, and how to build a workload
 * that really runs there (for the local scheduler, a command; for a cluster, an image).
 *
 * <p>Namespaces are fresh per test, so a subclass may share one backend between tests. The contract
 * removes what it deployed and closes its schedulers after each test. The suite ships in the spi
 * test-jar and needs JUnit 5, AssertJ and Awaitility on the test class path of the module that runs it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class SchedulerContract {

  private final List<Scheduler> schedulers = new ArrayList<>();
  private final List<Deployed> deployed = new ArrayList<>();
  private String namespace;
  private String otherNamespace;

  /** A new scheduler working in {@code namespace}, on the same backend for the whole test. */
  protected abstract Scheduler newScheduler(String namespace);

  /**
   * A workload that runs on this backend and becomes ready: at least one port, with the given
   * environment (which changes its digest) and number of instances.
   */
  protected abstract Workload runnableWorkload(WorkloadId id, SortedMap<String, String> environment, int instances);

  /** How long a deployed workload may take to become ready, or its old instances to go. */
  protected Duration readyTimeout() {
    return Duration.ofSeconds(60);
  }

  @BeforeEach
  void pickFreshNamespaces() {
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    namespace = "contract-" + suffix;
    otherNamespace = "other-" + suffix;
  }

  @AfterEach
  void removeWhatWasDeployedAndCloseSchedulers() {
    for (Deployed d : deployed) {
      try {
        d.scheduler().remove(d.id());
      } catch (RuntimeException ignored) {
        // best effort: the test may have closed or removed it already
      }
    }
    deployed.clear();
    for (Scheduler scheduler : schedulers) {
      try {
        scheduler.close();
      } catch (RuntimeException ignored) {
        // closing twice is allowed
      }
    }
    schedulers.clear();
  }

  protected final String namespace() {
    return namespace;
  }

  /** A scheduler for the test's namespace (or another one), closed after the test. */
  protected final Scheduler scheduler(String forNamespace) {
    Scheduler scheduler = newScheduler(forNamespace);
    schedulers.add(scheduler);
    return scheduler;
  }

  /** Deploys and remembers it for clean-up. */
  protected final void deploy(Scheduler scheduler, Workload workload) {
    deployed.add(new Deployed(scheduler, workload.id()));
    scheduler.deploy(workload);
  }

  protected static SortedMap<String, String> env(String... keysAndValues) {
    SortedMap<String, String> env = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return env;
  }

  /** Waits until the workload runs {@code digest} with all wanted instances ready and no other instance left. */
  protected final ObservedWorkload awaitSettled(Scheduler scheduler, WorkloadId id, String digest) {
    await().atMost(readyTimeout()).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      ObservedWorkload observed = scheduler.observe(id).orElseThrow(() -> new AssertionError(id + " not observed"));
      assertThat(observed.digest()).isEqualTo(digest);
      assertThat(observed.readiness().ready()).as("readiness: %s", observed.readiness().message()).isTrue();
      assertThat(observed.instances()).hasSize(observed.wantedInstances())
          .allMatch(Instance::ready).allMatch(i -> i.runs(digest));
    });
    return scheduler.observe(id).orElseThrow();
  }

  private static Set<String> names(ObservedWorkload observed) {
    return observed.instances().stream().map(Instance::name).collect(Collectors.toSet());
  }

  @Test
  void aDeployedWorkloadIsObservedWithItsDigestAndBecomesReadyWithTheWantedInstances() {
    Scheduler scheduler = scheduler(namespace);
    WorkloadId id = new WorkloadId("shop", "web", "web-1.0.0");
    Workload workload = runnableWorkload(id, env("GREETING", "hello"), 2);

    deploy(scheduler, workload);

    assertThat(scheduler.observe(id)).get().extracting(ObservedWorkload::digest).isEqualTo(workload.digest());
    assertThat(scheduler.observe()).extracting(ObservedWorkload::id).containsExactly(id);
    ObservedWorkload observed = awaitSettled(scheduler, id, workload.digest());

    assertThat(observed.wantedInstances()).isEqualTo(2);
    assertThat(names(observed)).hasSize(2);
    Set<String> portNames = workload.ports().stream().map(Port::name).collect(Collectors.toSet());
    assertThat(observed.instances()).allSatisfy(instance -> {
      assertThat(instance.host()).isNotBlank();
      assertThat(instance.ports().keySet()).isEqualTo(portNames);
      assertThat(instance.ports().values()).allMatch(p -> p > 0 && p < 65536);
    });
    assertThat(scheduler.readiness(id).ready()).isTrue();
    assertThat(scheduler.instances(id)).containsExactlyInAnyOrderElementsOf(observed.instances());
  }

  @Test
  void deployingTheSameWorkloadAgainChangesNothing() {
    Scheduler scheduler = scheduler(namespace);
    WorkloadId id = new WorkloadId("shop", "web", "web-1.0.0");
    Workload workload = runnableWorkload(id, env("GREETING", "hello"), 1);
    deploy(scheduler, workload);
    ObservedWorkload before = awaitSettled(scheduler, id, workload.digest());

    scheduler.deploy(workload);
    scheduler.deploy(runnableWorkload(id, env("GREETING", "hello"), 1));

    await().during(Duration.ofSeconds(1)).atMost(readyTimeout()).untilAsserted(() -> {
      ObservedWorkload now = scheduler.observe(id).orElseThrow();
      assertThat(now.digest()).isEqualTo(workload.digest());
      assertThat(now.readiness().ready()).isTrue();
      assertThat(now.instances()).containsExactlyInAnyOrderElementsOf(before.instances());
    });
  }

  @Test
  void deployingAChangedWorkloadChangesTheDigestAndReplacesTheInstances() {
    Scheduler scheduler = scheduler(namespace);
    WorkloadId id = new WorkloadId("shop", "web", "web-1.0.0");
    Workload first = runnableWorkload(id, env("GREETING", "hello"), 1);
    deploy(scheduler, first);
    ObservedWorkload before = awaitSettled(scheduler, id, first.digest());

    Workload changed = runnableWorkload(id, env("GREETING", "bonjour"), 1);
    assertThat(changed.digest()).isNotEqualTo(first.digest());
    scheduler.deploy(changed);

    assertThat(scheduler.observe(id)).get().extracting(ObservedWorkload::digest).isEqualTo(changed.digest());
    ObservedWorkload after = awaitSettled(scheduler, id, changed.digest());
    assertThat(names(after)).doesNotContainAnyElementsOf(names(before));
  }

  @Test
  void aRemovedWorkloadIsGoneAndRemovingTwiceIsFine() {
    Scheduler scheduler = scheduler(namespace);
    WorkloadId id = new WorkloadId("shop", "web", "web-1.0.0");
    Workload workload = runnableWorkload(id, env(), 1);
    deploy(scheduler, workload);
    awaitSettled(scheduler, id, workload.digest());

    scheduler.remove(id);

    await().atMost(readyTimeout()).until(() -> scheduler.observe(id).isEmpty() && scheduler.observe().isEmpty());
    assertThat(scheduler.readiness(id).ready()).isFalse();
    assertThat(scheduler.instances(id)).isEmpty();
    scheduler.remove(id);
    scheduler.remove(new WorkloadId("never", "deployed", "at-all"));
    assertThat(scheduler.observe()).isEmpty();
  }

  @Test
  void workloadsAreObservedSortedById() {
    Scheduler scheduler = scheduler(namespace);
    WorkloadId b = new WorkloadId("shop", "web", "web-2.0.0");
    WorkloadId a = new WorkloadId("shop", "api", "api-1.0.0");

    deploy(scheduler, runnableWorkload(b, env(), 1));
    deploy(scheduler, runnableWorkload(a, env(), 1));

    assertThat(scheduler.observe()).extracting(ObservedWorkload::id).containsExactly(a, b);
  }

  @Test
  void aSchedulerNeverSeesNorRemovesTheWorkloadsOfAnotherNamespace() {
    Scheduler mine = scheduler(namespace);
    Scheduler theirs = scheduler(otherNamespace);
    WorkloadId myId = new WorkloadId("shop", "web", "web-1.0.0");
    WorkloadId theirId = new WorkloadId("blog", "web", "web-1.0.0");
    Workload myWorkload = runnableWorkload(myId, env(), 1);
    Workload theirWorkload = runnableWorkload(theirId, env(), 1);

    deploy(mine, myWorkload);
    deploy(theirs, theirWorkload);
    awaitSettled(mine, myId, myWorkload.digest());
    awaitSettled(theirs, theirId, theirWorkload.digest());

    assertThat(mine.observe()).extracting(ObservedWorkload::id).containsExactly(myId);
    assertThat(theirs.observe()).extracting(ObservedWorkload::id).containsExactly(theirId);
    assertThat(mine.observe(theirId)).isEmpty();

    mine.remove(theirId);

    await().during(Duration.ofSeconds(1)).atMost(readyTimeout())
        .until(() -> theirs.readiness(theirId).ready());
    assertThat(theirs.observe()).extracting(ObservedWorkload::id).containsExactly(theirId);
  }

  @Test
  void workloadsDeployedConcurrentlyAllRunSideBySide() throws Exception {
    // the daemon deploys the workloads of one revision several at a time (apply.parallelism)
    Scheduler scheduler = scheduler(namespace);
    List<Workload> workloads = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workloads.add(runnableWorkload(new WorkloadId("shop", "web", "web-" + i), env("N", String.valueOf(i)), 1));
    }
    workloads.forEach(w -> deployed.add(new Deployed(scheduler, w.id())));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workloads.size());
    try {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<?>> running = new ArrayList<>();
      for (Workload w : workloads) {
        running.add(pool.submit(() -> {
          start.await();
          scheduler.deploy(w);
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : running) {
        f.get(readyTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    List<ObservedWorkload> settled = new ArrayList<>();
    for (Workload w : workloads) {
      settled.add(awaitSettled(scheduler, w.id(), w.digest()));
    }
    assertThat(scheduler.observe()).extracting(ObservedWorkload::id)
        .containsExactlyElementsOf(workloads.stream().map(Workload::id).sorted().toList());
    assertThat(settled.stream().flatMap(o -> o.instances().stream()).map(i -> i.host() + ":" + i.ports()).distinct())
        .as("every workload has an address of its own").hasSize(workloads.size());
  }

  private record Deployed(Scheduler scheduler, WorkloadId id) {}

  /** The ports a workload's instances listen on, by instance name: handy for subclasses' own checks. */
  protected static Map<String, Map<String, Integer>> portsByInstance(ObservedWorkload observed) {
    return observed.instances().stream().collect(Collectors.toMap(Instance::name, Instance::ports));
  }
}
