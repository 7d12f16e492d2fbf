package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.model.json.StateJson;
import io.vamp.reconciler.config.Config;
import java.io.IOException;
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
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon end to end: a real Git repository with real commits, workloads as real local processes,
 * the embedded ledger and key-value store, and the HTTP API.
 */
class DaemonIT {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final String SECRET = "s3cret-for-tests";

  @TempDir
  Path dir;

  private Git git;
  private Daemon daemon;
  private String namespace;

  @BeforeEach
  void repository() throws Exception {
    git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call();
    namespace = "it" + Long.toHexString(System.nanoTime());
  }

  @AfterEach
  void stop() throws IOException {
    if (daemon != null) {
      daemon.close();
    }
    git.close();
    // the daemon leaves workloads running on purpose (a restart must not take them down): stop them here
    // (they run in the repository's folder, the local scheduler's working directory for a local repository)
    LeftoverProcesses.stopUnder(dir);
  }

  private void start(String interval) {
    Map<String, String> settings = new HashMap<>();
    settings.put("repository.url", dir.resolve("repo").toString());
    settings.put("repository.poll_interval", interval);
    settings.put("data_dir", dir.resolve("data").toString());
    settings.put("namespace", namespace);
    settings.put("http.port", "0");
    settings.put("webhook.secret_env", "VAMP_IT_WEBHOOK_SECRET");
    settings.put("apply.ready_timeout", "30s");
    settings.put("agent.embedded", "false"); // routing through HAProxy is ExampleWalkthroughIT's

    daemon = new Daemon(Config.defaults().with(settings), Map.of("VAMP_IT_WEBHOOK_SECRET", SECRET),
        Clock.systemUTC());
    daemon.start();
  }

  /** A deployment whose services are TinyServer processes answering their version. */
  private String deployment(String routes, String... versions) {
    StringBuilder yaml = new StringBuilder("""
        kind: deployment
        name: shop
        gateways:
          9000: web/http
        clusters:
          web:
            services:
        """);
    for (String version : versions) {
      yaml.append("      - breed:\n")
          .append("          name: web:").append(version).append('\n')
          .append("          deployable: { type: command, definition: \"").append(command(version)).append("\" }\n")
          .append("          ports: { http: 8080/http }\n")
          .append("          environment_variables: { VERSION: \"").append(version).append("\" }\n");
    }
    if (!routes.isEmpty()) {
      yaml.append("    gateways:\n      routes:\n").append(routes);
    }
    return yaml.toString();
  }

  private String command(String version) {
    String javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classes;
    try {
      classes = Path.of(TinyServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    return "exec " + javaBinary + " -Xmx24m -XX:TieredStopAtLevel=1 -Dvamp.it=" + namespace + " -cp " + classes
        + " " + TinyServer.class.getName();
  }

  private RevCommit commit(String message, Map<String, String> files) throws Exception {
    Path repo = dir.resolve("repo");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path path = repo.resolve(file.getKey());
      if (file.getValue() == null) {
        Files.deleteIfExists(path);
      } else {
        Files.createDirectories(path.getParent());
        Files.writeString(path, file.getValue());
      }
    }
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    PersonIdent who = new PersonIdent("Dev", "dev@example.org");
    return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  private JsonNode api(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + daemon.apiPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    return response.statusCode() == 200 ? StateJson.mapper().readTree(response.body())
        : StateJson.mapper().createObjectNode();
  }

  private JsonNode status() throws Exception {
    return api("/api/v1/status");
  }

  private void awaitApplied(RevCommit commit) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      JsonNode status = status();
      assertThat(status.path("last_applied").path("sha").asText()).isEqualTo(commit.getName());
      assertThat(status.path("phase").asText()).isEqualTo("ready");
    });
  }

  /** route name → endpoints ("host:port") of the internal gateway of cluster web. */
  private Map<String, List<String>> endpoints() throws Exception {
    Map<String, List<String>> byRoute = new HashMap<>();
    for (JsonNode gateway : api("/api/v1/gateways").path("gateways")) {
      if (gateway.path("name").asText().equals("shop/web/http")) {
        for (JsonNode route : gateway.path("routes")) {
          List<String> endpoints = new java.util.ArrayList<>();
          route.path("endpoints").forEach(e -> endpoints.add(e.path("host").asText() + ":" + e.path("port").asInt()));
          byRoute.put(route.path("name").asText(), endpoints);
        }
      }
    }
    return byRoute;
  }

  private Map<String, Integer> weights() throws Exception {
    Map<String, Integer> weights = new HashMap<>();
    for (JsonNode gateway : api("/api/v1/gateways").path("gateways")) {
      if (gateway.path("name").asText().equals("shop/web/http")) {
        gateway.path("routes").forEach(r -> weights.put(r.path("name").asText(), r.path("weight").asInt()));
      }
    }
    return weights;
  }

  private static String get(String endpoint) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + endpoint + "/")).timeout(Duration.ofSeconds(2))
        .build(), HttpResponse.BodyHandlers.ofString()).body().trim();
  }

  @Test
  void commitConvergesRejectsInvalidRevertsAndRestoresKilledProcesses() throws Exception {
    RevCommit first = commit("one version", Map.of("deployments/shop.yaml", deployment("", "1")));
    start("1s");
    awaitApplied(first);
    String v1 = endpoints().get("web:1").get(0);
    assertThat(get(v1)).isEqualTo("1");
    long v1Pid = pidListeningOn(v1);

    // a canary: the second version runs and gets half the traffic
    RevCommit canary = commit("canary 50/50", Map.of("deployments/shop.yaml",
        deployment("        web:1: { weight: 50% }\n        web:2: { weight: 50% }\n", "1", "2")));
    awaitApplied(canary);
    assertThat(weights()).containsEntry("web:1", 50).containsEntry("web:2", 50);
    String v2 = endpoints().get("web:2").get(0);
    assertThat(get(v2)).isEqualTo("2");
    assertThat(pidListeningOn(v1)).as("the unchanged version is not restarted").isEqualTo(v1Pid);

    // git revert: back to one version, and what the canary added is removed
    RevCommit reverted = git.revert().include(canary).call();
    awaitApplied(reverted);
    assertThat(endpoints()).containsOnlyKeys("web:1");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(listening(v2)).as("the reverted version's process is gone").isFalse());
    assertThat(pidListeningOn(v1)).isEqualTo(v1Pid);

    // an invalid commit is rejected whole: nothing changes, the old process keeps serving
    RevCommit invalid = commit("weights that do not add up", Map.of("deployments/shop.yaml",
        deployment("        web:1: { weight: 60% }\n        web:2: { weight: 30% }\n", "1", "2")));
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      JsonNode status = status();
      assertThat(status.path("last_attempted").path("sha").asText()).isEqualTo(invalid.getName());
      assertThat(status.path("last_attempted").path("outcome").asText()).isEqualTo("rejected");
      assertThat(status.path("phase").asText()).isEqualTo("stalled");
      assertThat(status.path("problems").get(0).asText())
          .startsWith("deployments/shop.yaml:").contains("total 90%");
    });
    assertThat(endpoints()).containsOnlyKeys("web:1");
    assertThat(pidListeningOn(v1)).isEqualTo(v1Pid);
    assertThat(api("/api/v1/revisions/" + invalid.getName()).path("status").asText()).isEqualTo("rejected");

    // a killed process is restored
    ProcessHandle.of(v1Pid).orElseThrow().destroyForcibly();
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().untilAsserted(() -> {
      String endpoint = endpoints().get("web:1").get(0);
      assertThat(get(endpoint)).isEqualTo("1");
      assertThat(pidListeningOn(endpoint)).isNotEqualTo(v1Pid);
    });
  }

  @Test
  void aNewerCommitSupersedesOneThatIsStillWaiting() throws Exception {
    RevCommit first = commit("one version", Map.of("deployments/shop.yaml", deployment("", "1")));
    start("1s");
    awaitApplied(first);
    // a version that never becomes ready keeps its revision waiting...
    String both = deployment("        web:1: { weight: 100% }\n        web:2: { weight: 0% }\n", "1", "2");
    int second = both.lastIndexOf(command("2"));
    String broken = both.substring(0, second) + "exec sleep 300" + both.substring(second + command("2").length());
    RevCommit stuck = commit("a version that never starts", Map.of("deployments/shop.yaml", broken));
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
        assertThat(status().path("last_attempted").path("sha").asText()).isEqualTo(stuck.getName()));
    // ...until a newer commit arrives: the latest wins
    RevCommit fixed = commit("fixed", Map.of("deployments/shop.yaml",
        deployment("        web:1: { weight: 90% }\n        web:3: { weight: 10% }\n", "1", "3")));
    awaitApplied(fixed);
    assertThat(api("/api/v1/revisions/" + stuck.getName()).path("status").asText()).isEqualTo("superseded");
    assertThat(weights()).containsOnlyKeys("web:1", "web:3");
  }

  @Test
  void theWebhookTriggersAPollOnlyWithAValidSignature() throws Exception {
    RevCommit first = commit("one version", Map.of("deployments/shop.yaml", deployment("", "1")));
    start("1h");
    awaitApplied(first);
    RevCommit second = commit("two versions", Map.of("deployments/shop.yaml",
        deployment("        web:1: { weight: 50% }\n        web:2: { weight: 50% }\n", "1", "2")));
    byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> refused = webhook(body, "sha256=" + "0".repeat(64));
    assertThat(refused.statusCode()).isEqualTo(401);
    // nothing happens: the revision attempted stays the first for as long as a triggered poll would take
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
        status().path("last_attempted").path("sha").asText().equals(first.getName()));

    HttpResponse<String> accepted = webhook(body, "sha256=" + hmac(body));
    assertThat(accepted.statusCode()).isEqualTo(202);
    awaitApplied(second);
  }

  private HttpResponse<String> webhook(byte[] body, String signature) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + "/api/v1/webhook"))
        .header("X-Hub-Signature-256", signature).header("X-GitHub-Event", "push")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String hmac(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(body));
  }

  private static boolean listening(String endpoint) {
    try {
      get(endpoint);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** The pid of the process listening on a loopback port, from /proc/net/tcp{,6} and the fds of processes. */
  private long pidListeningOn(String endpoint) throws IOException {
    int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
    String hexPort = String.format(":%04X", port);
    List<String> sockets = new java.util.ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
    sockets.addAll(Files.readAllLines(Path.of("/proc/net/tcp6")));
    Optional<String> inode = sockets.stream()
        .map(String::trim).map(l -> l.split("\\s+"))
        .filter(f -> f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A"))
        .map(f -> f[9]).findFirst();
    assertThat(inode).as("something listens on " + endpoint).isPresent();
    String socket = "socket:[" + inode.get() + "]";
    return ProcessHandle.allProcesses().filter(p -> {
      try (var fds = Files.list(Path.of("/proc", String.valueOf(p.pid()), "fd"))) {
        return fds.anyMatch(fd -> {
          try {
            return Files.readSymbolicLink(fd).toString().equals(socket);
          } catch (IOException e) {
            return false;
          }
        });
      } catch (IOException | SecurityException e) {
        return false;
      }
    }).map(ProcessHandle::pid).findFirst().orElseThrow();
  }
}
