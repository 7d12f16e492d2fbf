package io.vamp.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The local scheduler with real processes: supervision, adoption, process trees, updates, environment, logs. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LocalSchedulerIT {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String HOST = "127.0.0.1";
  private static final WorkloadId ID = new WorkloadId("shop", "web", "web:1.0.0");

  @TempDir
  Path data;

  private final List<LocalScheduler> made = new ArrayList<>();

  @AfterEach
  void stopEveryProcess() {
    for (LocalScheduler scheduler : made) {
      try {
        scheduler.stopAll();
      } catch (RuntimeException ignored) {
        // closed by the test
      }
      scheduler.close();
    }
    // a scheduler the test closed left its processes to the next one: sweep them up too
    try (LocalScheduler sweeper = new LocalScheduler(TestService.config("it", data, Map.of()))) {
      sweeper.stopAll();
    }
  }

  private LocalScheduler scheduler() {
    return scheduler(Map.of());
  }

  private LocalScheduler scheduler(Map<String, String> settings) {
    LocalScheduler scheduler = new LocalScheduler(TestService.config("it", data, settings));
    made.add(scheduler);
    return scheduler;
  }

  private static SortedMap<String, String> env(String... keysAndValues) {
    SortedMap<String, String> env = new TreeMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      env.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return env;
  }

  private static ObservedWorkload awaitSettled(LocalScheduler scheduler, WorkloadId id, String digest) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      ObservedWorkload observed = scheduler.observe(id).orElseThrow();
      assertThat(observed.digest()).isEqualTo(digest);
      assertThat(observed.readiness().ready()).isTrue();
      assertThat(observed.instances()).hasSize(observed.wantedInstances()).allMatch(Instance::ready);
    });
    return scheduler.observe(id).orElseThrow();
  }

  private static int port(Instance instance) {
    return instance.ports().get("web");
  }

  private static long servedPid(Instance instance) {
    return Long.parseLong(TestService.get(HOST, port(instance), "/pid").orElseThrow());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  @Test
  void aKilledProcessIsRestartedOnItsPortsAndReadinessRecovers() throws IOException {
    LocalScheduler scheduler = scheduler();
    Workload workload = TestService.workload(ID, env(), 1);
    scheduler.deploy(workload);
    Instance before = awaitSettled(scheduler, ID, workload.digest()).instances().get(0);
    long pid = scheduler.pid(ID, before.name()).orElseThrow();
    assertThat(servedPid(before)).isEqualTo(pid);

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    await().atMost(WAIT).until(() -> scheduler.pid(ID, before.name()).filter(p -> p != pid).isPresent());
    Instance after = awaitSettled(scheduler, ID, workload.digest()).instances().get(0);
    assertThat(after).isEqualTo(before);
    assertThat(servedPid(after)).isEqualTo(scheduler.pid(ID, before.name()).orElseThrow()).isNotEqualTo(pid);
    String log = Files.readString(scheduler.logFile(ID, before.name()));
    assertThat(log).contains("the process exited");
    assertThat(log.split("starting instance", -1)).hasSize(3);
  }

  @Test
  void aPortTakenByAStrangerWhileTheInstanceWasDownIsReplacedAtTheRestart() throws Exception {
    LocalScheduler scheduler = scheduler(Map.of("restart-backoff", "1s"));
    Workload workload = TestService.workload(ID, env(), 1);
    scheduler.deploy(workload);
    Instance before = awaitSettled(scheduler, ID, workload.digest()).instances().get(0);
    ProcessHandle process = ProcessHandle.of(scheduler.pid(ID, before.name()).orElseThrow()).orElseThrow();

    process.destroyForcibly();
    process.onExit().get(10, TimeUnit.SECONDS);
    try (ServerSocket stranger = new ServerSocket()) {
      stranger.setReuseAddress(true);
      stranger.bind(new InetSocketAddress(HOST, port(before)));

      Instance after = await().atMost(WAIT).until(() -> scheduler.observe(ID).orElseThrow().instances().get(0),
          i -> i.ready() && port(i) != port(before));

      assertThat(after.name()).isEqualTo(before.name());
      assertThat(TestService.get(HOST, port(after), "/pid")).isPresent();
    }
  }

  @Test
  void aNewSchedulerAdoptsTheRunningProcessesInsteadOfStartingThemAgain() {
    LocalScheduler first = scheduler();
    Workload workload = TestService.workload(ID, env(), 2);
    first.deploy(workload);
    ObservedWorkload before = awaitSettled(first, ID, workload.digest());
    Map<String, Long> pids = before.instances().stream()
        .collect(Collectors.toMap(Instance::name, LocalSchedulerIT::servedPid));

    first.close();
    assertThat(before.instances()).allSatisfy(i -> assertThat(servedPid(i)).isEqualTo(pids.get(i.name())));

    LocalScheduler second = scheduler();
    assertThat(second.observe(ID)).get().extracting(ObservedWorkload::digest).isEqualTo(workload.digest());
    ObservedWorkload adopted = awaitSettled(second, ID, workload.digest());
    second.deploy(workload);

    assertThat(adopted.instances()).isEqualTo(before.instances());
    assertThat(adopted.instances()).allSatisfy(i -> {
      assertThat(second.pid(ID, i.name())).contains(pids.get(i.name()));
      assertThat(servedPid(i)).isEqualTo(pids.get(i.name()));
    });

    second.remove(ID);

    assertThat(second.observe()).isEmpty();
    await().atMost(WAIT).until(() -> pids.values().stream().noneMatch(LocalSchedulerIT::alive));
    assertThat(before.instances()).allSatisfy(i -> assertThat(TestService.get(HOST, port(i), "/pid")).isEmpty());
  }

  @Test
  void aProcessThatDiedWhileNoSchedulerWatchedIsRestartedByTheNextOne() {
    LocalScheduler first = scheduler();
    Workload workload = TestService.workload(ID, env(), 1);
    first.deploy(workload);
    Instance before = awaitSettled(first, ID, workload.digest()).instances().get(0);
    long pid = first.pid(ID, before.name()).orElseThrow();
    first.close();

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    await().atMost(WAIT).until(() -> !alive(pid));
    LocalScheduler second = scheduler();

    Instance after = awaitSettled(second, ID, workload.digest()).instances().get(0);
    assertThat(after.name()).isEqualTo(before.name());
    assertThat(after.ports()).isEqualTo(before.ports());
    assertThat(servedPid(after)).isNotEqualTo(pid);
  }

  @Test
  void removeStopsTheWholeProcessTreeOfADockerBreedRunByItsLocalDialect() throws IOException {
    Path workingDirectory = Files.createDirectories(data.resolve("work"));
    Dialects local = new Dialects(Map.of("local", Map.of(
        "command", "sleep 600 & echo $! > child.pid; " + TestService.command(),
        "working_directory", workingDirectory.toString())));
    Workload workload = TestService.workload(ID, env(), 1, new Deployable(Deployable.Type.DOCKER, "magneticio/sava:1.0.0"),
        List.of(TestService.httpHealth()), local, List.of(new Port("web", 8080, Protocol.HTTP)));
    LocalScheduler scheduler = scheduler();
    scheduler.deploy(workload);
    Instance instance = awaitSettled(scheduler, ID, workload.digest()).instances().get(0);
    long leader = scheduler.pid(ID, instance.name()).orElseThrow();
    long child = Long.parseLong(Files.readString(workingDirectory.resolve("child.pid")).trim());
    assertThat(alive(child)).isTrue();

    scheduler.remove(ID);

    await().atMost(WAIT).until(() -> !alive(child) && !alive(leader));
    assertThat(scheduler.logFile(ID, instance.name())).doesNotExist();
  }

  @Test
  void anUpdateNeverLeavesTheWorkloadWithoutAReadyInstance() {
    LocalScheduler scheduler = scheduler();
    Workload v1 = TestService.workload(ID, env("GREETING", "v1"), 1);
    scheduler.deploy(v1);
    Instance old = awaitSettled(scheduler, ID, v1.digest()).instances().get(0);
    long oldPid = scheduler.pid(ID, old.name()).orElseThrow();
    Workload v2 = TestService.workload(ID, env("GREETING", "v2"), 1, "sleep 1; " + TestService.command(),
        List.of(TestService.httpHealth()));

    scheduler.deploy(v2);

    AtomicInteger fewestReady = new AtomicInteger(Integer.MAX_VALUE);
    AtomicInteger mostListed = new AtomicInteger();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
      ObservedWorkload now = scheduler.observe(ID).orElseThrow();
      fewestReady.accumulateAndGet((int) now.instances().stream().filter(Instance::ready).count(), Math::min);
      mostListed.accumulateAndGet(now.instances().size(), Math::max);
      return now.readiness().ready() && now.instances().size() == 1;
    });
    assertThat(fewestReady.get()).as("ready instances at any time during the update").isGreaterThanOrEqualTo(1);
    assertThat(mostListed.get()).as("old and new listed side by side").isEqualTo(2);
    Instance current = awaitSettled(scheduler, ID, v2.digest()).instances().get(0);
    assertThat(TestService.get(HOST, port(current), "/")).contains("v2");
    await().atMost(WAIT).until(() -> !alive(oldPid));
  }

  @Test
  void aDigestThatNeverGetsReadyLeavesTheOldOneServingAndRollingBackIsImmediate() {
    LocalScheduler scheduler = scheduler();
    Workload v1 = TestService.workload(ID, env("GREETING", "v1"), 1);
    scheduler.deploy(v1);
    Instance old = awaitSettled(scheduler, ID, v1.digest()).instances().get(0);
    long oldPid = scheduler.pid(ID, old.name()).orElseThrow();
    Workload broken = TestService.workload(ID, env("GREETING", "v2"), 1, "exec sleep 600",
        List.of(TestService.httpHealth()));

    scheduler.deploy(broken);

    await().during(Duration.ofSeconds(2)).atMost(WAIT).untilAsserted(() -> {
      ObservedWorkload now = scheduler.observe(ID).orElseThrow();
      assertThat(now.digest()).isEqualTo(broken.digest());
      assertThat(now.readiness().ready()).isFalse();
      assertThat(now.instances()).contains(old);
    });
    String brokenName = scheduler.observe(ID).orElseThrow().instances().stream()
        .filter(i -> i.runs(broken.digest())).findFirst().orElseThrow().name();
    long brokenPid = scheduler.pid(ID, brokenName).orElseThrow();

    scheduler.deploy(v1);

    ObservedWorkload back = awaitSettled(scheduler, ID, v1.digest());
    assertThat(back.instances()).containsExactly(old);
    assertThat(scheduler.pid(ID, old.name())).contains(oldPid);
    await().atMost(WAIT).until(() -> !alive(brokenPid));
  }

  @Test
  void theProcessGetsItsPortsIdentityAndEnvironmentButNotTheDaemonsOtherVariables() {
    LocalScheduler scheduler = scheduler(Map.of("inherit-environment", "PATH"));
    Workload workload = TestService.workload(ID, env("GREETING", "hi"), 1,
        new Deployable(Deployable.Type.COMMAND, TestService.command()), List.of(), Dialects.NONE,
        List.of(new Port("web", 8080, Protocol.HTTP), new Port("admin-ui", 9090, Protocol.TCP)));
    scheduler.deploy(workload);
    Instance instance = awaitSettled(scheduler, ID, workload.digest()).instances().get(0);

    Map<String, String> seen = new HashMap<>();
    TestService.lines(TestService.get(HOST, port(instance), "/env").orElseThrow()).forEach(line -> {
      int eq = line.indexOf('=');
      if (eq > 0) {
        seen.put(line.substring(0, eq), line.substring(eq + 1));
      }
    });

    assertThat(seen)
        .containsEntry("PORT", instance.ports().get("web").toString())
        .containsEntry("PORT_WEB", instance.ports().get("web").toString())
        .containsEntry("PORT_ADMIN_UI", instance.ports().get("admin-ui").toString())
        .containsEntry("VAMP_WORKLOAD", "shop/web/web:1.0.0")
        .containsEntry("VAMP_INSTANCE", instance.name())
        .containsEntry("VAMP_NAMESPACE", "it")
        .containsEntry("VAMP_HOST", HOST)
        .containsEntry("GREETING", "hi")
        .containsEntry("PATH", System.getenv("PATH"))
        .doesNotContainKey("HOME");
    assertThat(instance.ports().values()).allMatch(p -> p >= TestService.FIRST_PORT && p <= TestService.LAST_PORT);
  }

  @Test
  void outputGoesToALogFileUnderTheDataDirectoryThatIsKeptBounded() {
    LocalScheduler scheduler = scheduler(Map.of("log-max-bytes", "20000"));
    String chatty = "i=0; while [ $i -lt 3000 ]; do echo \"line $i of a chatty start-up\"; i=$((i+1)); done; ";
    Workload workload = TestService.workload(ID, env(), 1, chatty + TestService.command(),
        List.of(TestService.httpHealth()));
    scheduler.deploy(workload);
    Instance instance = awaitSettled(scheduler, ID, workload.digest()).instances().get(0);
    Path log = scheduler.logFile(ID, instance.name());

    assertThat(log).isEqualTo(data.resolve("local").resolve("it").resolve("shop+web+web_3A1.0.0")
        .resolve(instance.name() + ".log"));
    Path previous = log.resolveSibling(log.getFileName() + ".1");
    AtomicReference<String> both = new AtomicReference<>();
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(previous).exists();
      assertThat(Files.size(log)).isLessThanOrEqualTo(20000);
      both.set(read(previous) + read(log));
      assertThat(both.get()).contains("line 2999 of a chatty start-up");
    });
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "";
    }
  }
}
