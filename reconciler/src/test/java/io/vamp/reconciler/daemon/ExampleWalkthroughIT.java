package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.reconciler.config.Config;
import io.vamp.testing.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example repository's walkthrough, for real: the daemon runs the example's services as
 * processes, the embedded agent drives a real HAProxy, and traffic through the sava gateway moves between
 * the versions as commits change the weights, and back on a revert.
 */
class ExampleWalkthroughIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.org");

  @TempDir
  Path dir;

  private Git git;
  private Daemon daemon;
  private int gatewayPort;

  @AfterEach
  void stop() throws IOException {
    if (daemon != null) {
      daemon.close();
    }
    if (git != null) {
      git.close();
    }
    // the services run in the repository's folder: stop whatever still runs there
    LeftoverProcesses.stopUnder(dir.resolve("repo"));
  }

  @Test
  void trafficFollowsTheWeightsThroughHaproxyAndARevertMovesItBack() throws Exception {
    Path repo = dir.resolve("repo");
    copy(Path.of(System.getProperty("vamp.root", "..")).resolve("example-repo"), repo);
    // the example's gateway port 9050, moved to a free one: HAProxy binds with SO_REUSEPORT, so another
    // HAProxy on 9050 (a second test run on the machine) would silently share the traffic
    gatewayPort = FreePorts.allocate();
    int internalPorts = 20000 + (int) (ProcessHandle.current().pid() % 40) * 500;
    Path blueprint = repo.resolve("blueprints/sava.yaml");
    Files.writeString(blueprint, Files.readString(blueprint).replace("9050/http:", gatewayPort + "/http:"));
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    RevCommit first = commit("sava canary 90/10");

    daemon = new Daemon(Config.defaults().with(Map.of(
        "repository.url", repo.toString(),
        "repository.poll_interval", "1s",
        "data_dir", dir.resolve("data").toString(),
        "namespace", "walkthrough",
        "http.port", "0",
        "agent.embedded", "true",
        "gateways.syslog", "127.0.0.1:" + FreePorts.allocate(),
        // the cluster gateways' ports too: another run's HAProxy would share fixed ones
        "gateways.port_range", internalPorts + "-" + (internalPorts + 499),
        "gateways.health_port", "",
        "apply.ready_timeout", "120s")), Map.of(), Clock.systemUTC());
    daemon.start();
    awaitApplied(first, Duration.ofSeconds(180));
    // the agent applies what was published on its own schedule (coalescing, haproxy -c, start)
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> !sample(1, "curl/8").isEmpty());

    Map<String, Integer> split = sample(400, "curl/8");
    assertThat(share(split, "1.1.0")).as("90/10: %s", split).isBetween(0.05, 0.16);
    assertThat(sample(20, "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"))
        .as("every Firefox user goes to 1.1.0").containsOnlyKeys("1.1.0");

    Path canary = repo.resolve("deployments/sava.yaml");
    Files.writeString(canary, Files.readString(canary).replace("weight: 90%", "weight: 50%")
        .replace("weight: 10%", "weight: 50%"));
    RevCommit half = commit("sava canary 50/50");
    awaitApplied(half, Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      Map<String, Integer> half50 = sample(400, "curl/8");
      assertThat(share(half50, "1.1.0")).as("50/50: %s", half50).isBetween(0.42, 0.58);
    });

    RevCommit reverted = git.revert().include(half).call();
    awaitApplied(reverted, Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
      Map<String, Integer> back = sample(400, "curl/8");
      assertThat(share(back, "1.1.0")).as("back to 90/10: %s", back).isBetween(0.05, 0.16);
    });
    assertThat(daemon.agent().orElseThrow().status().counts().runtimeUpdates())
        .as("weight-only changes go through HAProxy's runtime API").isGreaterThanOrEqualTo(2);
  }

  private Map<String, Integer> sample(int requests, String userAgent) throws Exception {
    Map<String, Integer> counts = new TreeMap<>();
    for (int i = 0; i < requests; i++) {
      String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + "/"))
          .header("User-Agent", userAgent).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      String version = body.startsWith("sava ") ? body.substring(5, body.indexOf(':')) : body;
      counts.merge(version, 1, Integer::sum);
    }
    return counts;
  }

  private static double share(Map<String, Integer> counts, String version) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    return counts.getOrDefault(version, 0) / (double) total;
  }

  private void awaitApplied(RevCommit commit, Duration timeout) {
    await().atMost(timeout).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      Status status = daemon.status();
      assertThat(status.lastAttempted().map(Status.RevisionSummary::detail).orElse("")).doesNotContain("rejected");
      assertThat(status.lastApplied().map(Status.RevisionSummary::sha)).contains(commit.getName());
      assertThat(status.phase()).isEqualTo("ready");
    });
  }

  private RevCommit commit(String message) throws Exception {
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).setSign(false).call();
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
