package io.vamp.driver.consul;

import io.vamp.driver.spi.kv.LeaderProcess;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Faults against the Consul stand-in (Consul itself cannot run here): the agent stopped and started under
 * open watches and writers, the session destroyed on the server, and leader failover (clean close, and a
 * candidate JVM killed outright) with the failover time printed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsulFaultTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final ConsulStandIn consul = ConsulStandIn.launch();
  private final String root = "/faults/" + UUID.randomUUID();
  private final List<KeyValueStore> clients = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();

  private String uri() {
    return "consul://127.0.0.1:" + consul.port() + "/vamp-faults";
  }

  private KeyValueStore client() {
    KeyValueStore client = new ConsulKeyValueStoreFactory().create(new DriverConfig("default",
        Path.of(System.getProperty("java.io.tmpdir")), Optional.of(URI.create(uri())), Map.of()));
    clients.add(client);
    return client;
  }

  @AfterEach
  void cleanUp() {
    processes.forEach(Process::destroyForcibly);
    clients.forEach(KeyValueStore::close);
    consul.close();
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

      consul.stop();
      long started = System.nanoTime();
      assertThatThrownBy(() -> daemon.put(key, "during the outage"))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue());
      System.out.printf("consul (stand-in): a write during the outage failed (retryable) after %d ms%n",
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
      consul.start();

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
  void aSessionDestroyedOnTheServerComesBackWithItsEphemeralKeyAndCandidacy() throws Exception {
    KeyValueStore agent = client();
    KeyValueStore observer = client();
    String registration = root + "/agents/a1";
    agent.putEphemeral(registration, "alive", Duration.ofSeconds(10));
    String election = "session-" + UUID.randomUUID().toString().substring(0, 8);
    LeaderElection leader = agent.elect(election, "agent");
    await().atMost(WAIT).until(leader::isLeader);
    long before = leader.fencingToken();

    HttpClient http = HttpClient.newHttpClient();
    JsonNode sessions = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
        URI.create(consul.address() + "/v1/session/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
    for (JsonNode session : sessions) {
      URI destroy = URI.create(consul.address() + "/v1/session/destroy/" + session.get("ID").asText());
      http.send(HttpRequest.newBuilder(destroy)
          .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
    await().atMost(WAIT).until(() -> observer.get(registration).isEmpty());

    await().atMost(WAIT).until(() -> observer.get(registration).map(Versioned::value).equals(Optional.of("alive")));
    await().atMost(WAIT).until(() -> leader.isLeader() && leader.fencingToken() > before);
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

    System.out.printf("consul (stand-in) failover after the leader closed its client: %d ms%n", millis);
    assertThat(b.fencingToken()).isGreaterThan(deposed);
    assertThat(millis).isLessThanOrEqualTo(10_000);
  }

  @Test
  void whenTheLeadersProcessIsKilledTheOtherTakesOverAfterTheSessionTtl() throws Exception {
    String election = "failover-" + UUID.randomUUID().toString().substring(0, 8);
    Process leader = new ProcessBuilder(javaCommand("consul", uri(), election, "killed"))
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
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(survivor::isLeader);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    System.out.printf("consul (stand-in) failover after the leader's JVM was killed (session TTL %d s, "
        + "invalidated after up to 2 x TTL, lock-delay %d s): %d ms%n", Settings.DEFAULT_SESSION_TTL.toSeconds(),
        Settings.DEFAULT_LOCK_DELAY.toSeconds(), millis);
    assertThat(survivor.fencingToken()).isGreaterThan(token.get());
    assertThat(millis).isLessThanOrEqualTo(
        Settings.DEFAULT_SESSION_TTL.multipliedBy(2).plus(Settings.DEFAULT_LOCK_DELAY).plusSeconds(5).toMillis());
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
  static final class Values implements WatchListener {
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
