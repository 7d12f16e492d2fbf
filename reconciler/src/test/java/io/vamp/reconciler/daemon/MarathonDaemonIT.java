package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.marathon.standin.MarathonStandIn;
import io.vamp.reconciler.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on Marathon, against the in-process stand-in of Marathon's /v2 API (nothing of Marathon
 * can run here): a commit creates apps, a revert removes what it added, an app scaled by hand is put back.
 */
class MarathonDaemonIT {
  private static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.org");

  @TempDir
  Path dir;

  @Test
  void convergesRevertsAndPutsBackAnAppChangedByHand() throws Exception {
    try (MarathonStandIn marathon = MarathonStandIn.start();
        Git git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call()) {
      RevCommit first = commit(git, "one version", deployment("1"));
      Map<String, String> settings = new HashMap<>(marathon.vampRunSettings());
      settings.put("repository.url", dir.resolve("repo").toString());
      settings.put("repository.poll_interval", "1s");
      settings.put("data_dir", dir.resolve("data").toString());
      settings.put("namespace", "mara");
      settings.put("http.port", "0");
      settings.put("agent.embedded", "false");
      settings.put("apply.ready_timeout", "60s");
      Daemon daemon = new Daemon(Config.defaults().with(settings), Map.of(), Clock.systemUTC());
      daemon.start();
      try {
        awaitApplied(daemon, first);
        assertThat(marathon.appIds()).hasSize(1);

        RevCommit canary = commit(git, "canary", deployment("1", "2"));
        awaitApplied(daemon, canary);
        assertThat(marathon.appIds()).hasSize(2);

        RevCommit reverted = git.revert().include(canary).call();
        awaitApplied(daemon, reverted);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(marathon.appIds()).as("what the reverted commit added is removed").hasSize(1));

        String app = marathon.appIds().get(0);
        marathon.edit(app, json -> json.put("instances", 5));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(marathon.app(app).orElseThrow().path("instances").asInt()).isEqualTo(2));
      } finally {
        daemon.close();
      }
    }
  }

  private static void awaitApplied(Daemon daemon, RevCommit commit) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(daemon.status().lastApplied().map(Status.RevisionSummary::sha)).contains(commit.getName());
      assertThat(daemon.status().phase()).isEqualTo("ready");
    });
  }

  private static String deployment(String... versions) {
    StringBuilder yaml = new StringBuilder("""
        kind: deployment
        name: shop
        clusters:
          web:
            services:
        """);
    for (String version : versions) {
      yaml.append("      - breed: { name: \"web:").append(version).append("\", deployable: \"nginx:1.")
          .append(version).append("\", ports: { http: 80/http } }\n")
          .append("        scale: { cpu: 0.1, memory: 64MB, instances: 2 }\n");
    }
    return yaml.toString();
  }

  private RevCommit commit(Git git, String message, String yaml) throws Exception {
    Files.writeString(dir.resolve("repo").resolve("shop.yaml"), yaml);
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).setSign(false).call();
  }
}
