package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.reconciler.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two replicas of the daemon on one key-value store (the in-process store, shared by name), polling
 * once an hour: a webhook that reaches the replica standing by makes the leader poll at once.
 */
class StandbyWebhookIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String SECRET = "s3cret-for-standby";

  @TempDir
  Path dir;

  private Git git;
  private final List<Daemon> daemons = new java.util.ArrayList<>();

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
    if (git != null) {
      git.close();
    }
  }

  @Test
  void aWebhookOnTheStandbyMakesTheLeaderPollAtOnce() throws Exception {
    git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call();
    RevCommit first = commit("web 1", "1");
    String store = "memory://standby-" + UUID.randomUUID();
    Daemon a = start("a", store);
    Daemon b = start("b", store);
    await().atMost(Duration.ofSeconds(30)).until(() -> applied(a, first) || applied(b, first));
    Daemon leader = applied(a, first) ? a : b;
    Daemon standby = leader == a ? b : a;
    await().atMost(Duration.ofSeconds(10)).until(() -> standby.status().phase().equals("standby"));

    RevCommit second = commit("web 2", "2");
    byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + standby.apiPort() + "/api/v1/webhook"))
        .header("X-Hub-Signature-256", "sha256=" + hmac(body)).header("X-GitHub-Event", "push")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(accepted.statusCode()).isEqualTo(202);

    // polling once an hour: only the wake key can explain the leader taking the commit this soon
    await().atMost(Duration.ofSeconds(15)).until(() -> applied(leader, second));
    assertThat(standby.status().phase()).isEqualTo("standby");
  }

  private Daemon start(String name, String store) {
    Map<String, String> settings = new HashMap<>();
    settings.put("repository.url", dir.resolve("repo").toString());
    settings.put("repository.poll_interval", "1h");
    settings.put("data_dir", dir.resolve("data-" + name).toString());
    settings.put("namespace", "standby");
    settings.put("kv.driver", "memory");
    settings.put("kv.uri", store);
    settings.put("http.port", "0");
    settings.put("webhook.secret_env", "VAMP_IT_WEBHOOK_SECRET");
    settings.put("agent.embedded", "false");
    Daemon daemon = new Daemon(Config.defaults().with(settings), Map.of("VAMP_IT_WEBHOOK_SECRET", SECRET),
        Clock.systemUTC());
    daemons.add(daemon);
    daemon.start();
    return daemon;
  }

  private static boolean applied(Daemon daemon, RevCommit commit) {
    return daemon.status().lastApplied().map(r -> r.sha().equals(commit.getName())).orElse(false);
  }

  /** A repository holding one breed (valid, nothing to run): enough for a revision to be applied. */
  private RevCommit commit(String message, String version) throws Exception {
    Path breed = dir.resolve("repo").resolve("breeds/web.yaml");
    Files.createDirectories(breed.getParent());
    Files.writeString(breed, "kind: breed\nname: web:" + version
        + "\ndeployable: { type: command, definition: \"true\" }\n");
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("Dev", "dev@example.org");
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(body));
  }
}
