package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.model.json.StateJson;
import io.vamp.testing.EtcdServer;
import io.vamp.testing.FreePorts;
import io.vamp.testing.PostgresServer;
import io.vamp.testing.Servers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real {@code vamp run} processes on one repository, one real etcd and one real PostgreSQL ledger:
 * exactly one applies; when the leader is killed (SIGKILL, no goodbye) the other takes over. The
 * failover time is printed.
 */
class LeaderFailoverIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
  private static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.org");

  @TempDir
  Path dir;

  private final List<Process> daemons = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (String name : List.of("a", "b")) {
      Path log = dir.resolve("daemon-" + name + ".log");
      if (Files.exists(log)) {
        List<String> lines = Files.readAllLines(log);
        System.out.println("--- daemon " + name + " (last lines)");
        lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(System.out::println);
      }
    }
    daemons.forEach(p -> {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    });
    LeftoverProcesses.stopUnder(dir.resolve("repo"));
  }

  @Test
  void exactlyOneDaemonAppliesAndTheOtherTakesOverWhenTheLeaderIsKilled() throws Exception {
    EtcdServer etcd = Servers.etcd();
    PostgresServer postgres = Servers.postgres();
    String ledgerUrl = postgres.createDatabase("failover" + Long.toHexString(System.nanoTime()));
    Path repo = dir.resolve("repo");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      RevCommit first = commit(git, repo, "1");
      int portA = FreePorts.allocate();
      int portB = FreePorts.allocate();
      Process a = daemon("a", portA, etcd, postgres, ledgerUrl);
      Process b = daemon("b", portB, etcd, postgres, ledgerUrl);

      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
        List<String> phases = List.of(phase(portA), phase(portB));
        assertThat(phases).containsExactlyInAnyOrder("ready", "standby");
      });
      int leader = phase(portA).equals("ready") ? portA : portB;
      int follower = leader == portA ? portB : portA;
      Process leaderProcess = leader == portA ? a : b;
      assertThat(status(leader).path("last_applied").path("sha").asText()).isEqualTo(first.getName());

      // more commits: only the leader works; the ledger holds each revision once, applied
      RevCommit second = commit(git, repo, "2");
      RevCommit third = commit(git, repo, "3");
      await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
          assertThat(status(leader).path("last_applied").path("sha").asText()).isEqualTo(third.getName()));
      assertThat(status(follower).path("last_attempted").isMissingNode()).as("the follower attempted nothing").isTrue();
      assertThat(phase(follower)).isEqualTo("standby");
      List<long[]> applies = appliedIntervals(postgres, ledgerUrl);
      assertThat(applies).hasSizeGreaterThanOrEqualTo(2);
      for (int i = 1; i < applies.size(); i++) {
        assertThat(applies.get(i)[0]).as("applies do not overlap").isGreaterThanOrEqualTo(applies.get(i - 1)[1]);
      }

      // the leader dies without a goodbye; the follower takes over and converges
      long killed = System.nanoTime();
      leaderProcess.descendants().forEach(ProcessHandle::destroyForcibly);
      leaderProcess.destroyForcibly();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
          phase(follower).equals("ready")
              && status(follower).path("last_applied").path("sha").asText().equals(third.getName()));
      double failover = (System.nanoTime() - killed) / 1e9;
      System.out.printf("leader-failover: the follower applied as leader %.1f s after the leader was killed%n",
          failover);
      assertThat(failover).as("failover within the lease TTL and a poll interval, with margin").isLessThan(30);
      assertThat(second).isNotNull();
    }
  }

  private Process daemon(String name, int port, EtcdServer etcd, PostgresServer postgres, String ledgerUrl)
      throws IOException {
    Path jar = Path.of("target", "vamp.jar").toAbsolutePath();
    assertThat(jar).as("the shaded jar, built in the package phase").exists();
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-jar", jar.toString(), "run", dir.resolve("repo").toString());
    Map<String, String> env = builder.environment();
    env.put("VAMP_NAMESPACE", "failover");
    env.put("VAMP_DATA_DIR", dir.resolve("data-" + name).toString());
    env.put("VAMP_HTTP_PORT", String.valueOf(port));
    env.put("VAMP_REPOSITORY_POLL_INTERVAL", "1s");
    env.put("VAMP_AGENT_EMBEDDED", "false");
    env.put("VAMP_KV_DRIVER", "etcd");
    env.put("VAMP_KV_URI", "etcd://" + etcd.host() + ":" + etcd.port());
    env.put("VAMP_LEDGER_DRIVER", "sql");
    env.put("VAMP_LEDGER_URI", ledgerUrl);
    env.put("VAMP_LEDGER_USER", postgres.user());
    env.put("VAMP_LEDGER_PASSWORD_ENV", "FAILOVER_DB_PASSWORD");
    env.put("FAILOVER_DB_PASSWORD", postgres.password());
    builder.redirectErrorStream(true).redirectOutput(dir.resolve("daemon-" + name + ".log").toFile());
    Process process = builder.start();
    daemons.add(process);
    return process;
  }

  private static RevCommit commit(Git git, Path repo, String version) throws Exception {
    Files.writeString(repo.resolve("app.yaml"), """
        kind: deployment
        name: app
        clusters:
          app:
            breed:
              name: app:1
              deployable: { type: command, definition: "exec sleep 300" }
              environment_variables: { VERSION: "%s" }
        """.formatted(version));
    git.add().addFilepattern(".").call();
    return git.commit().setMessage("version " + version).setAuthor(DEV).setCommitter(DEV).setSign(false).call();
  }

  private static String phase(int port) {
    try {
      return status(port).path("phase").asText("down");
    } catch (Exception e) {
      return "down";
    }
  }

  private static JsonNode status(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/api/v1/status")).timeout(Duration.ofSeconds(2)).build(),
        HttpResponse.BodyHandlers.ofString());
    return StateJson.mapper().readTree(response.body());
  }

  /** [observed, finished] of every applied revision, in order of observation. */
  private static List<long[]> appliedIntervals(PostgresServer postgres, String ledgerUrl) throws Exception {
    List<long[]> intervals = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(ledgerUrl, postgres.user(),
        postgres.password());
        ResultSet rows = connection.createStatement().executeQuery(
            "select observed_at, finished_at from revisions where status = 'APPLIED' order by observed_at")) {
      while (rows.next()) {
        intervals.add(new long[] {rows.getLong(1), rows.getLong(2)});
      }
    }
    return intervals;
  }
}
