package io.vamp.reconciler.cli;

import static io.vamp.reconciler.cli.HistoryFixture.vamp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.model.json.StateJson;
import io.vamp.reconciler.cli.HistoryFixture.Run;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vamp history} and {@code vamp show} beside a running daemon: the real {@code vamp run} in a JVM
 * of its own, following a real Git repository and holding the embedded H2 ledger, while this JVM reads the
 * same file through the daemon's process (H2's automatic mixed mode); and again after the daemon stopped.
 */
class HistoryBesideDaemonIT {

  @TempDir
  Path dir;

  private Git git;
  private Process daemon;

  @BeforeEach
  void repository() throws Exception {
    git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call();
  }

  @AfterEach
  void stop() throws Exception {
    if (daemon != null && daemon.isAlive()) {
      daemon.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    git.close();
  }

  private RevCommit commit(String message, String file, String content) throws Exception {
    Path path = dir.resolve("repo").resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, content);
    git.add().addFilepattern(".").call();
    PersonIdent ada = new PersonIdent("Ada Lovelace", "ada@example.com");
    return git.commit().setMessage(message).setAuthor(ada).setCommitter(ada).call();
  }

  private void startDaemon() throws Exception {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        Main.class.getName(), "run", dir.resolve("repo").toString(), "--interval", "1s", "--port", "0",
        "--data-dir", dir.resolve("data").toString());
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(Redirect.appendTo(dir.resolve("daemon.log").toFile()));
    builder.environment().put("VAMP_NAMESPACE", "hist" + Long.toHexString(System.nanoTime()));
    daemon = builder.start();
  }

  private JsonNode history(String... filters) throws Exception {
    String[] args = new String[filters.length + 5];
    args[0] = "history";
    args[1] = "--data-dir";
    args[2] = dir.resolve("data").toString();
    args[3] = "--format";
    args[4] = "json";
    System.arraycopy(filters, 0, args, 5, filters.length);
    Run run = vamp(args);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return StateJson.mapper().readTree(run.out());
  }

  private String daemonLog() throws Exception {
    Path log = dir.resolve("daemon.log");
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Test
  void historyAndShowReadTheLedgerWhileTheDaemonWritesItAndAfterItStopped() throws Exception {
    RevCommit first = commit("sava 1.0.0 in the library", "breeds/sava.yml",
        "name: sava:1.0.0\ndeployable: magneticio/sava:1.0.0\nports:\n  web: 8080/http\n"
            + "environment_variables:\n  DB_PASSWORD: hunter2\n  DB_HOST: db.internal\n");
    startDaemon();

    await("the first revision applied (daemon log in " + dir + ")").atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(500)).ignoreExceptions()
        .until(() -> history("--status", "applied").size() == 1);
    assertThat(history().get(0).path("sha").asText()).isEqualTo(first.getName());
    assertThat(daemon.isAlive()).as(daemonLog()).isTrue();

    RevCommit broken = commit("a typo", "breeds/sava.yml",
        "name: sava:1.0.0\ndeployable: magneticio/sava:1.0.0\nportz:\n  web: 8080/http\n");
    await("the broken revision rejected").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
        .until(() -> history("--status", "rejected").size() == 1);

    Run show = vamp("show", "--data-dir", dir.resolve("data").toString(), broken.getName().substring(0, 8));
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out()).startsWith("revision   " + broken.getName() + "\n")
        .contains("status     rejected\n").contains("portz").contains("    a typo\n");
    Run shown = vamp("show", "--data-dir", dir.resolve("data").toString(), "applied", "--artifacts", "all");
    assertThat(shown.out()).contains("--- breed/sava:1.0.0\n").contains("magneticio/sava:1.0.0")
        .as("secrets are masked before the ledger keeps them").doesNotContain("hunter2")
        .contains("DB_PASSWORD: \"********\"").contains("db.internal");
    assertThat(daemon.isAlive()).as("the daemon kept running beside the CLI:\n" + daemonLog()).isTrue();

    daemon.destroy(); // SIGTERM: the daemon stops as it would under systemd or Kubernetes
    assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(history()).extracting(r -> r.path("sha").asText()).containsExactly(broken.getName(), first.getName());
  }
}
