package io.vamp.driver.zookeeper;

import io.vamp.driver.spi.kv.LeaderProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.testing.Servers;
import io.vamp.testing.ZookeeperServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults with the real ZooKeeper: the server stopped and started under open watches and writers, a session
 * expired by the server, and leader failover (clean close, and a candidate JVM killed outright) with the
 * failover time printed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZookeeperFaultIT {

  private static final ZookeeperServer SERVER = Servers.zookeeper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final String root = "/faults/" + UUID.randomUUID();
  private final List<KeyValueStore> clients = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private static String uri() {
    return "zookeeper://" + SERVER.connectString() + "/vamp-faults";
  }

  private KeyValueStore client() {
    KeyValueStore client = new ZookeeperKeyValueStoreFactory().create(new DriverConfig("default",
        Path.of(System.getProperty("java.io.tmpdir")), Optional.of(URI.create(uri())), Map.of()));
    clients.add(client);
    return client;
  }

  @AfterEach
  void cleanUp() {
    processes.forEach(Process::destroyForcibly);
    clients.forEach(KeyValueStore::close);
    if (!SERVER.isRunning()) {
      SERVER.start();
    }
  }

  @Test
  void watchersEndWithTheLatestValueWrittenAfterARestartAndWritesDuringTheOutageFailRetryably() {
    KeyValueStore agent = client();
    KeyValueStore daemon = client();
    String key = root + "/gateways/config";
    daemon.put(key, "before");
    Values keyWatch = new Values();
    Values prefixWatch = new Values();
    try (Watch k = agent.watch(key, false, keyWatch); Watch p = agent.watch(root, true, prefixWatch)) {
      await().atMost(WAIT).until(() -> keyWatch.last(key).equals(Optional.of("before")));
      await().atMost(WAIT).until(() -> prefixWatch.last(key).equals(Optional.of("before")));

      SERVER.stop();
      long started = System.nanoTime();
      assertThatThrownBy(() -> daemon.put(key, "during the outage"))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue());
      System.out.printf("zookeeper: a write during the outage failed (retryable) after %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      SERVER.start();

      await().atMost(WAIT).ignoreExceptionsInstanceOf(DriverException.class)
          .until(() -> daemon.put(key, "after restart 1") > 0);
      daemon.put(key, "after restart 2");
      daemon.put(root + "/gateways/other", "new key");

      await().atMost(WAIT).until(() -> keyWatch.last(key).equals(Optional.of("after restart 2")));
      await().atMost(WAIT).until(() -> prefixWatch.last(key).equals(Optional.of("after restart 2")));
      await().atMost(WAIT).until(() -> prefixWatch.last(root + "/gateways/other").equals(Optional.of("new key")));
      keyWatch.assertVersionsGrow(key);
      prefixWatch.assertVersionsGrow(key);
    }
  }

  @Test
  void aSessionExpiredByTheServerLosesNothingTheWatcherNeedsAndItsEphemeralKeyComesBack() throws Exception {
    ZookeeperKeyValueStore agent = (ZookeeperKeyValueStore) client();
    KeyValueStore daemon = client();
    KeyValueStore observer = client();
    String key = root + "/config";
    String registration = root + "/agents/a1";
    daemon.put(key, "v1");
    agent.putEphemeral(registration, "alive", Duration.ofSeconds(5));
    Values values = new Values();
    try (Watch ignored = agent.watch(root, true, values)) {
      await().atMost(WAIT).until(() -> values.last(key).equals(Optional.of("v1")));
      long oldSession = agent.currentSessionId();

      expireSession(agent);
      daemon.put(key, "written while the agent had no session");
      daemon.delete(key);
      daemon.put(key, "v2");

      await().atMost(WAIT).until(() -> agent.currentSessionId() != oldSession);
      await().atMost(WAIT).until(() -> values.last(key).equals(Optional.of("v2")));
      await().atMost(WAIT).until(() -> observer.get(registration).map(Versioned::value).equals(Optional.of("alive")));
      values.assertVersionsGrow(key);
    }
  }

  /** Closes the session on the server through a second handle on it: the owner then sees it expire. */
  private static void expireSession(ZookeeperKeyValueStore client) throws Exception {
    ZooKeeper handle = client.curator().getZookeeperClient().getZooKeeper();
    ZooKeeper twin = new ZooKeeper(SERVER.connectString(), 6000, e -> { }, handle.getSessionId(),
        handle.getSessionPasswd());
    await().atMost(WAIT).until(() -> twin.getState().isConnected());
    twin.close();
  }

  @Test
  void whenTheLeaderClosesItsClientTheOtherTakesOverAndTheFailoverTimeIsPrinted() {
    String election = "failover-" + UUID.randomUUID();
    KeyValueStore first = client();
    LeaderElection a = first.elect(election, "a");
    await().atMost(WAIT).until(a::isLeader);
    LeaderElection b = client().elect(election, "b");
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> a.isLeader() && !b.isLeader());
    long deposed = a.fencingToken();

    long started = System.nanoTime();
    first.close();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(b::isLeader);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    System.out.printf("zookeeper failover after the leader closed its client: %d ms%n", millis);
    assertThat(b.fencingToken()).isGreaterThan(deposed);
    assertThat(millis).isLessThanOrEqualTo(10_000);
  }

  @Test
  void whenTheLeadersProcessIsKilledTheOtherTakesOverWithinTheSessionTimeout() throws Exception {
    String election = "failover-" + UUID.randomUUID();
    Process leader = new ProcessBuilder(javaCommand("zookeeper", uri(), election, "killed"))
        .redirectErrorStream(true).start();
    processes.add(leader);
    AtomicLong token = new AtomicLong();
    BufferedReader out = new BufferedReader(new InputStreamReader(leader.getInputStream(), StandardCharsets.UTF_8));
    Thread reader = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("LEADER ")) {
            token.set(Long.parseLong(line.substring(7).trim()));
          }
        }
      } catch (IOException | NumberFormatException ended) {
        // the process is gone
      }
    });
    reader.setDaemon(true);
    reader.start();
    await().atMost(WAIT).until(() -> token.get() > 0);
    LeaderElection survivor = client().elect(election, "survivor");
    await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> !survivor.isLeader());

    long started = System.nanoTime();
    leader.destroyForcibly().waitFor();
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(survivor::isLeader);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    System.out.printf("zookeeper failover after the leader's JVM was killed (session timeout %d s): %d ms%n",
        Settings.DEFAULT_SESSION_TIMEOUT.toSeconds(), millis);
    assertThat(survivor.fencingToken()).isGreaterThan(token.get());
    assertThat(millis).isLessThanOrEqualTo(10_000);
  }

  @Test
  void electionNamesMayHoldSlashesAndOneNameIsNeverInsideAnother() {
    String base = "vamp/" + UUID.randomUUID().toString().substring(0, 8);
    LeaderElection outer = client().elect(base, "outer");
    LeaderElection inner = client().elect(base + "/leader", "inner");
    LeaderElection rival = client().elect(base + "/leader", "rival");

    await().atMost(WAIT).until(() -> outer.isLeader() && (inner.isLeader() ^ rival.isLeader()));
  }

  static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), LeaderProcess.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** Values delivered to a watch, per key, in order. */
  static final class Values implements io.vamp.driver.spi.kv.WatchListener {
    private record Call(String key, Optional<Versioned> value) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void changed(String key, Optional<Versioned> value) {
      calls.add(new Call(key, value));
    }

    Optional<String> last(String key) {
      List<Optional<Versioned>> values = calls.stream().filter(c -> c.key().equals(key)).map(Call::value).toList();
      return values.isEmpty() ? Optional.empty() : values.get(values.size() - 1).map(Versioned::value);
    }

    void assertVersionsGrow(String key) {
      List<Long> versions = calls.stream().filter(c -> c.key().equals(key)).flatMap(c -> c.value().stream())
          .map(Versioned::version).toList();
      assertThat(versions).as("versions delivered for %s", key).isSorted().doesNotHaveDuplicates();
    }
  }
}
