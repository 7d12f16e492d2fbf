package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.testing.FreePorts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway agent against a real HAProxy (master-worker, started and reloaded by the agent) and real
 * HTTP backends on loopback, watching an in-process key-value store.
 */
class GatewayAgentIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  private Backend a;
  private Backend b;
  private int port;
  private AgentFixture fixture;

  @BeforeEach
  void startBackends() throws IOException {
    a = Backend.start("A");
    b = Backend.start("B");
    port = FreePorts.allocate();
  }

  @AfterEach
  void stopEverything() {
    if (fixture != null) {
      fixture.close();
    }
    a.close();
    b.close();
  }

  private String split(int weightA, int weightB, int revision) {
    return TestConfigs.split(fixture.run, port, a.port(), weightA, b.port(), weightB, revision);
  }

  @Test
  void aConfigurationPutInTheStoreIsServedWithinABound() throws Exception {
    fixture = AgentFixture.start(directory);
    assertThat(fixture.agent.status().phase()).isEqualTo(AgentStatus.Phase.WAITING);
    assertThat(fixture.agent.configurationKey()).isEqualTo("/vamp/default/gateways/haproxy/2.6/configuration");

    long started = System.nanoTime();
    long version = fixture.put(split(100, 0, 1));
    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).ignoreExceptions()
        .until(() -> Http.body(port).equals("A"));
    long tookMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("agent: first configuration served %d ms after the put%n", tookMillis);
    fixture.awaitApplied(version); // HAProxy may answer a moment before the agent has seen its worker

    AgentStatus status = fixture.agent.status();
    assertThat(status.phase()).isEqualTo(AgentStatus.Phase.SERVING);
    assertThat(status.lastAppliedVersion()).isEqualTo(version);
    assertThat(status.configVersion()).isEqualTo(version);
    assertThat(status.lastApply().orElseThrow().how()).isEqualTo(AgentStatus.How.START);
    assertThat(status.lastError()).isEmpty();
    assertThat(Files.readString(fixture.agent.configFile())).isEqualTo(split(100, 0, 1));
    assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("1");

    JsonNode health = health();
    assertThat(health.path("running").asBoolean()).isTrue();
    assertThat(health.path("configVersion").asLong()).isEqualTo(version);
    assertThat(health.path("lastAppliedVersion").asLong()).isEqualTo(version);
    assertThat(health.path("lastError").isNull()).isTrue();
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.store.get(fixture.agent.statusKey())
        .map(v -> v.value().contains("\"lastAppliedVersion\":" + version)).orElse(false));

    // a structural change reloads
    long second = fixture.apply(split(100, 0, 2));
    assertThat(fixture.agent.status().lastApply().orElseThrow().how()).isEqualTo(AgentStatus.How.RELOAD);
    assertThat(fixture.agent.status().lastAppliedVersion()).isEqualTo(second);
    assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("2");
  }

  @Test
  void aConfigurationThatFailsTheCheckIsRefusedAndTheOldOneKeepsServing() throws Exception {
    fixture = AgentFixture.start(directory);
    long good = fixture.apply(split(100, 0, 1));
    HaproxyProcesses before = fixture.processes();

    String invalid = split(0, 100, 2).replace("balance roundrobin", "balance roundrobin\n    no-such-directive 1");
    long bad = fixture.put(invalid);
    await().atMost(AgentFixture.APPLY_BOUND).until(() -> fixture.agent.status().lastError().isPresent());

    AgentStatus status = fixture.agent.status();
    assertThat(status.lastError().orElseThrow().version()).isEqualTo(bad);
    assertThat(status.lastError().orElseThrow().message()).contains("haproxy -c refused").contains("no-such-directive");
    assertThat(status.lastAppliedVersion()).isEqualTo(good);
    assertThat(status.configVersion()).isEqualTo(bad);
    assertThat(status.counts().refused()).isEqualTo(1);
    assertThat(status.phase()).isEqualTo(AgentStatus.Phase.SERVING);
    for (int i = 0; i < 20; i++) {
      assertThat(Http.body(port)).isEqualTo("A");
    }
    assertThat(fixture.processes().workers()).isEqualTo(before.workers());
    assertThat(fixture.processes().reloads()).isEqualTo(before.reloads());
    assertThat(Files.readString(fixture.agent.configFile())).isEqualTo(split(100, 0, 1));

    JsonNode health = health();
    assertThat(health.path("lastError").path("version").asLong()).isEqualTo(bad);
    assertThat(health.path("lastError").path("message").asText()).contains("no-such-directive");
    assertThat(health.path("lastAppliedVersion").asLong()).isEqualTo(good);
    await().atMost(Duration.ofSeconds(5)).until(() -> fixture.store.get(fixture.agent.statusKey())
        .map(Versioned::value).orElse("").contains("no-such-directive"));

    // the next valid configuration clears the error
    fixture.apply(split(0, 100, 3));
    assertThat(fixture.agent.status().lastError()).isEmpty();
    assertThat(Http.body(port)).isEqualTo("B");
  }

  @Test
  void aWeightOutOfRangeIsCheckedAndRefused() throws Exception {
    fixture = AgentFixture.start(directory);
    long good = fixture.apply(split(100, 0, 1));
    // the same structure, so a weights-only change, but with a weight HAProxy does not take: checked, refused
    long bad = fixture.put(split(300, 0, 1));
    await().atMost(AgentFixture.APPLY_BOUND).until(() -> fixture.agent.status().lastError().isPresent());
    assertThat(fixture.agent.status().lastError().orElseThrow().version()).isEqualTo(bad);
    assertThat(fixture.agent.status().lastError().orElseThrow().message()).contains("haproxy -c refused");
    assertThat(fixture.agent.status().lastAppliedVersion()).isEqualTo(good);
    assertThat(fixture.agent.status().counts().runtimeUpdates()).isZero();
    assertThat(Http.body(port)).isEqualTo("A");
  }

  @Test
  void aConfigurationHaproxyCannotLoadIsRolledBackAndTheOldWorkersKeepServing() throws Exception {
    fixture = AgentFixture.start(directory);
    fixture.apply(split(100, 0, 1));
    // haproxy -c does not bind: a port held by another process passes the check and fails the reload
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String clash = split(0, 100, 2) + "\nfrontend clash\n    bind 127.0.0.1:" + taken.getLocalPort()
          + "\n    default_backend gw.weights\n";
      long bad = fixture.put(clash);
      await().atMost(AgentFixture.APPLY_BOUND).until(() -> fixture.agent.status().lastError().isPresent());
      AgentStatus status = fixture.agent.status();
      assertThat(status.lastError().orElseThrow().version()).isEqualTo(bad);
      assertThat(status.lastError().orElseThrow().message()).contains("did not load");
      assertThat(status.counts().failedReloads()).isEqualTo(1);
      assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("1");
      assertThat(Http.body(port)).isEqualTo("A");
      assertThat(Files.readString(fixture.agent.configFile())).isEqualTo(split(100, 0, 1));
    }
    // HAProxy's master recovers with the next good configuration
    fixture.apply(split(0, 100, 3));
    assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("3");
    assertThat(Http.body(port)).isEqualTo("B");
  }

  @Test
  void aWeightOnlyChangeGoesThroughTheRuntimeApiWithoutAReload() throws Exception {
    fixture = AgentFixture.start(directory);
    fixture.apply(split(100, 0, 1));
    assertThat(distribution(100)).isEqualTo(Map.of("A", 100));
    HaproxyProcesses before = fixture.processes();

    long version = fixture.apply(split(0, 100, 1));
    assertThat(fixture.agent.status().lastApply().orElseThrow().how()).isEqualTo(AgentStatus.How.RUNTIME);
    // the running text with other weights cannot fail haproxy -c: not run on this path
    assertThat(fixture.agent.status().lastApply().orElseThrow().validateMillis()).isZero();
    assertThat(distribution(100)).isEqualTo(Map.of("B", 100));
    fixture.apply(split(30, 70, 1));
    // any 100 requests in a row of a smooth weighted round robin hold the weights, give or take one
    assertThat(distribution(100).get("A")).isBetween(29, 31);

    HaproxyProcesses after = fixture.processes();
    assertThat(after.workers()).isEqualTo(before.workers());
    assertThat(after.reloads()).isEqualTo(before.reloads());
    assertThat(fixture.agent.status().counts().reloads()).isZero();
    assertThat(fixture.agent.status().counts().runtimeUpdates()).isEqualTo(2);
    assertThat(fixture.agent.status().lastAppliedVersion()).isGreaterThan(version);
    // the file follows, so that a later reload starts from the same weights
    assertThat(Files.readString(fixture.agent.configFile())).isEqualTo(split(30, 70, 1));
  }

  @Test
  void aReloadAfterRuntimeWeightChangesServesTheConfiguredWeights() throws Exception {
    fixture = AgentFixture.start(directory);
    fixture.apply(split(100, 0, 1));
    fixture.apply(split(0, 100, 1)); // runtime: HAProxy keeps 100 as the initial weight of A
    assertThat(distribution(20)).isEqualTo(Map.of("B", 20));
    // back to 100/0 together with a structural change: a reload. Left alone, HAProxy's server-state file
    // would restore the runtime weights (0/100), because A's configured weight equals its saved initial one.
    fixture.apply(split(100, 0, 2));
    assertThat(fixture.agent.status().lastApply().orElseThrow().how()).isEqualTo(AgentStatus.How.RELOAD);
    assertThat(distribution(20)).isEqualTo(Map.of("A", 20));
  }

  @Test
  void weightFlipsUnderLoadLoseNoRequest() throws Exception {
    fixture = AgentFixture.start(directory);
    fixture.apply(split(100, 0, 1));
    Load load = Load.start(port, 1, 1);
    try (load) {
      for (int i = 0; i < 20; i++) {
        fixture.apply(i % 2 == 0 ? split(0, 100, 1) : split(100, 0, 1));
      }
    }
    assertThat(fixture.agent.status().counts().runtimeUpdates()).isEqualTo(20);
    assertThat(load.failures()).as("requests that failed while weights flipped").isEmpty();
    assertThat(load.answered()).isGreaterThan(20);
  }

  @Test
  void burstsOfChangesAreCoalesced() throws Exception {
    fixture = AgentFixture.start(directory, s -> s.withTiming(AgentSettings.Timing.DEFAULT));
    fixture.apply(split(100, 0, 0));
    long appliesBefore = fixture.agent.status().counts().applies();

    ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger revision = new AtomicInteger();
    AtomicLong last = new AtomicLong();
    try {
      pacer.scheduleAtFixedRate(() -> {
        int r = revision.incrementAndGet();
        if (r <= 20) {
          last.set(fixture.put(split(100, 0, r)));
        }
      }, 0, 5, TimeUnit.MILLISECONDS);
      await().atMost(Duration.ofSeconds(5)).until(() -> revision.get() >= 20 && last.get() > 0);
    } finally {
      pacer.shutdownNow();
    }
    fixture.awaitApplied(last.get());
    assertThat(fixture.agent.status().counts().applies() - appliesBefore).isBetween(1L, 2L);
    assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("20");
  }

  @Test
  void hundredReloadsUnderSteadyLoadLoseNoRequest() throws Exception {
    fixture = AgentFixture.start(directory);
    fixture.apply(split(50, 50, 0));
    int reloadsBefore = fixture.processes().reloads();

    Load load = Load.start(port, 2, 1);
    long started = System.nanoTime();
    try (load) {
      for (int i = 1; i <= 100; i++) {
        fixture.apply(split(50, 50, i));
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    AgentStatus status = fixture.agent.status();
    System.out.printf("agent: 100 reloads in %.1f s under load: %d requests answered (%d on new connections, %d over"
        + " keep-alive), %d failed%n", seconds, load.answered(), load.answeredWithNewConnections(),
        load.answeredOverKeepAlive(), load.failures().size());
    assertThat(load.failures()).as("requests that failed during the reloads").isEmpty();
    assertThat(status.counts().reloads()).isEqualTo(100);
    assertThat(fixture.processes().reloads() - reloadsBefore).isEqualTo(100);
    assertThat(load.answeredWithNewConnections()).isGreaterThan(300);
    assertThat(load.answeredOverKeepAlive()).isGreaterThan(100);
    assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("100");
  }

  @Test
  void haproxyThatDiesIsRestartedAndServesAgain() throws Exception {
    fixture = AgentFixture.start(directory, s -> s.withTiming(AgentSettings.Timing.DEFAULT
        .withDebounce(Duration.ofMillis(20), Duration.ofMillis(200))
        .withRestartBackoff(Duration.ofMillis(100), Duration.ofSeconds(2))));
    fixture.apply(split(100, 0, 1));

    // a worker crashes: the master stops everything (exit-on-failure), the agent starts HAProxy again
    long firstMaster = fixture.processes().masterPid();
    long worker = fixture.processes().workers().get(0);
    ProcessHandle.of(worker).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
        fixture.processes().masterPid() != firstMaster && Http.body(port).equals("A"));

    // the master is killed
    long secondMaster = fixture.processes().masterPid();
    ProcessHandle.of(secondMaster).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
        fixture.processes().masterPid() != secondMaster && Http.body(port).equals("A"));

    // HAProxy may serve a moment before the agent has seen its worker and says so
    await().atMost(Duration.ofSeconds(10)).until(() -> fixture.agent.status().counts().restarts() == 2
        && fixture.agent.status().phase() == AgentStatus.Phase.SERVING);
    AgentStatus status = fixture.agent.status();
    assertThat(status.haproxyPid().orElseThrow()).isEqualTo(fixture.processes().masterPid());
    // and it still applies new configurations
    fixture.apply(split(0, 100, 2));
    assertThat(Http.body(port)).isEqualTo("B");
  }

  @Test
  void reloadsWorkThroughSigusr2Too() throws Exception {
    fixture = AgentFixture.start(directory, s -> s.withReloadStrategy(ReloadStrategy.SIGUSR2));
    fixture.apply(split(100, 0, 1));
    HaproxyProcesses before = fixture.processes();
    fixture.apply(split(100, 0, 2));
    assertThat(fixture.agent.status().lastApply().orElseThrow().how()).isEqualTo(AgentStatus.How.RELOAD);
    assertThat(fixture.processes().masterPid()).isEqualTo(before.masterPid());
    assertThat(fixture.processes().workers()).doesNotContainAnyElementsOf(before.workers());
    assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("2");
  }

  @Test
  void aConfigurationSayingDaemonStillRunsUnderTheAgent() throws Exception {
    fixture = AgentFixture.start(directory);
    fixture.apply(split(100, 0, 1).replaceFirst("\nglobal\n", "\nglobal\n    daemon\n"));
    long master = fixture.processes().masterPid();
    assertThat(fixture.agent.status().haproxyPid()).hasValue(master);
    fixture.apply(split(100, 0, 2).replaceFirst("\nglobal\n", "\nglobal\n    daemon\n"));
    assertThat(fixture.processes().masterPid()).isEqualTo(master);
    assertThat(fixture.agent.status().counts().restarts()).isZero();
    assertThat(Http.get(port, "/").header("X-Revision")).isEqualTo("2");
  }

  @Test
  void closingStopsHaproxyAndRemovesTheStatusKey() throws Exception {
    fixture = AgentFixture.start(directory);
    fixture.apply(split(100, 0, 1));
    long master = fixture.processes().masterPid();
    List<Long> workers = fixture.processes().workers();
    fixture.agent.close();
    assertThat(ProcessHandle.of(master).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    await().atMost(Duration.ofSeconds(5)).until(() ->
        workers.stream().noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    assertThat(fixture.store.get(fixture.agent.statusKey())).isEmpty();
    assertThat(fixture.agent.status().phase()).isEqualTo(AgentStatus.Phase.STOPPED);
  }

  /** {@code requests} sequential requests: how many each backend answered. */
  private Map<String, Integer> distribution(int requests) throws IOException {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      counts.merge(Http.body(port), 1, Integer::sum);
    }
    return counts;
  }

  private JsonNode health() throws IOException {
    Http.Response response = Http.get(fixture.agent.healthAddress().getPort(), "/health");
    assertThat(response.header("Content-Type")).isEqualTo("application/json");
    return JSON.readTree(response.body());
  }
}
