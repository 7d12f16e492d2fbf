package io.vamp.driver.spi.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults every networked {@link KeyValueStore} must survive, against its server (or stand-in): the server
 * stopped and started under open watches and writers, and leader failover (clean close, and a candidate JVM
 * killed outright) with the failover time printed. A backend's test extends this class, says how to reach
 * and stop its server, and adds its own faults (a lease or session lost on the server).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class KeyValueStoreFaultContract {
  protected static final Duration WAIT = Duration.ofSeconds(30);

  protected final String root = "/faults/" + UUID.randomUUID();
  private final List<KeyValueStore> clients = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  /** The driver's factory. */
  protected abstract KeyValueStoreFactory factory();

  /** The store's URI, e.g. {@code etcd://127.0.0.1:2379/vamp-faults}. */
  protected abstract String uri();

  /** What the printed lines call the server, e.g. {@code etcd} or {@code consul (stand-in)}. */
  protected abstract String label();

  protected abstract void stopServer();

  protected abstract void startServer();

  /** What bounds failover after a killed candidate, for the printed line, e.g. {@code lease TTL 5 s}. */
  protected abstract String killedFailoverNote();

  /** The longest failover after a killed candidate may take. */
  protected Duration killedFailoverBound() {
    return Duration.ofSeconds(10);
  }

  /** A client of the store, closed after the test. */
  protected final KeyValueStore client() {
    KeyValueStore client = factory().create(new DriverConfig("default",
        Path.of(System.getProperty("java.io.tmpdir")), Optional.of(URI.create(uri())), Map.of()));
    clients.add(client);
    return client;
  }

  @AfterEach
  void stopProcessesAndClients() {
    processes.forEach(Process::destroyForcibly);
    clients.forEach(KeyValueStore::close);
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

      stopServer();
      long started = System.nanoTime();
      assertThatThrownBy(() -> daemon.put(key, "during the outage"))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue());
      System.out.printf("%s: a write during the outage failed (retryable) after %d ms%n", label(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      startServer();

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
  void whenTheLeaderClosesItsClientTheOtherTakesOverAndTheFailoverTimeIsPrinted() {
    String election = "failover-" + UUID.randomUUID().toString().substring(0, 8);
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

    System.out.printf("%s failover after the leader closed its client: %d ms%n", label(), millis);
    assertThat(b.fencingToken()).isGreaterThan(deposed);
    assertThat(millis).isLessThanOrEqualTo(10_000);
  }

  @Test
  void whenTheLeadersProcessIsKilledTheOtherTakesOverInTime() throws Exception {
    String election = "failover-" + UUID.randomUUID().toString().substring(0, 8);
    String driver = factory().name();
    Process leader = new ProcessBuilder(javaCommand(driver, uri(), election, "killed"))
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
    await().atMost(killedFailoverBound().plus(Duration.ofSeconds(20))).pollInterval(Duration.ofMillis(20))
        .until(survivor::isLeader);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    System.out.printf("%s failover after the leader's JVM was killed (%s): %d ms%n", label(), killedFailoverNote(),
        millis);
    assertThat(survivor.fencingToken()).isGreaterThan(token.get());
    assertThat(millis).isLessThanOrEqualTo(killedFailoverBound().toMillis());
  }

  @Test
  void electionNamesMayHoldSlashesAndOneNameIsNeverInsideAnother() {
    String base = "vamp/" + UUID.randomUUID().toString().substring(0, 8);
    LeaderElection outer = client().elect(base, "outer");
    LeaderElection inner = client().elect(base + "/leader", "inner");
    LeaderElection rival = client().elect(base + "/leader", "rival");

    await().atMost(WAIT).until(() -> outer.isLeader() && (inner.isLeader() ^ rival.isLeader()));
  }

  private static List<String> javaCommand(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), LeaderProcess.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  /** Values delivered to a watch, per key, in order. */
  protected static final class Values implements WatchListener {
    private record Call(String key, Optional<Versioned> value) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    public Values() {
      // collects what the watch delivers
    }

    @Override
    public void changed(String key, Optional<Versioned> value) {
      calls.add(new Call(key, value));
    }

    public Optional<String> last(String key) {
      List<Optional<Versioned>> values = calls.stream().filter(c -> c.key().equals(key)).map(Call::value).toList();
      return values.isEmpty() ? Optional.empty() : values.get(values.size() - 1).map(Versioned::value);
    }

    public void assertVersionsGrow(String key) {
      List<Long> versions = calls.stream().filter(c -> c.key().equals(key)).flatMap(c -> c.value().stream())
          .map(Versioned::version).toList();
      assertThat(versions).as("versions delivered for %s", key).isSorted().doesNotHaveDuplicates();
    }
  }
}
