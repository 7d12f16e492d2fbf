package io.vamp.reconciler.bench;

import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.daemon.Daemon;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Commit-to-converged latency (polling at 1 s, and through the webhook), and the daemon's idle CPU
 * and heap at a 1 s poll interval, measured on a real Git repository with the embedded drivers.
 * A weight change is what is committed: the common case, and the one whose latency users feel.
 */
public final class ConvergeBenchmark {
  private static final String SECRET = "bench-secret";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final PrintWriter out;
  private final int commits;
  private final Duration idle;

  public ConvergeBenchmark(PrintWriter out, int commits, Duration idle) {
    this.out = out;
    this.commits = commits;
    this.idle = idle;
  }

  public void run() throws Exception {
    Path dir = Files.createTempDirectory("vamp-bench-converge");
    try (Git git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call()) {
      commit(git, dir, 50);
      Config config = Config.defaults().with(Map.of(
          "repository.url", dir.resolve("repo").toString(),
          "repository.poll_interval", "1s",
          "data_dir", dir.resolve("data").toString(),
          "namespace", "bench" + ProcessHandle.current().pid(),
          "http.port", "0",
          "webhook.secret_env", "VAMP_BENCH_SECRET",
          "gateways.syslog", "",
          "gateways.health_port", ""));
      Daemon daemon = new Daemon(config, Map.of("VAMP_BENCH_SECRET", SECRET), Clock.systemUTC());
      daemon.start();
      try {
        awaitApplied(daemon, git.log().setMaxCount(1).call().iterator().next().getName(), Duration.ofSeconds(60));
        List<Double> polled = new ArrayList<>();
        List<Double> hooked = new ArrayList<>();
        for (int i = 1; i <= commits; i++) {
          polled.add(measure(daemon, git, dir, 50 + i, false));
          hooked.add(measure(daemon, git, dir, 50 - i, true));
        }
        out.printf("converge-bench: commit -> applied, weight change, %d commits each%n", commits);
        out.printf("  poll at 1s: median %.0f ms (min %.0f, max %.0f)%n", median(polled), min(polled), max(polled));
        out.printf("  webhook:    median %.0f ms (min %.0f, max %.0f)%n", median(hooked), min(hooked), max(hooked));
        idleFigures(daemon);
        // remove what the benchmark deployed: the daemon leaves workloads running when it stops
        Files.delete(dir.resolve("repo").resolve("bench.yaml"));
        git.rm().addFilepattern("bench.yaml").call();
        PersonIdent who = new PersonIdent("Bench", "bench@example.org");
        RevCommit empty = git.commit().setMessage("remove").setAuthor(who).setCommitter(who).setSign(false).call();
        awaitApplied(daemon, empty.getName(), Duration.ofSeconds(60));
      } finally {
        daemon.close();
      }
    }
  }

  private double measure(Daemon daemon, Git git, Path dir, int weight, boolean webhook) throws Exception {
    long start = System.nanoTime();
    RevCommit commit = commit(git, dir, weight);
    if (webhook) {
      byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + daemon.apiPort() + "/api/v1/webhook"))
          .header("X-Hub-Signature-256", "sha256=" + HexFormat.of().formatHex(mac.doFinal(body)))
          .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
    }
    awaitApplied(daemon, commit.getName(), Duration.ofSeconds(30));
    return (System.nanoTime() - start) / 1e6;
  }

  private void idleFigures(Daemon daemon) throws InterruptedException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long cpuBefore = os.getProcessCpuTime();
    long wallBefore = System.nanoTime();
    Thread.sleep(idle.toMillis());
    double cpu = (os.getProcessCpuTime() - cpuBefore) * 100.0 / (System.nanoTime() - wallBefore);
    System.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    out.printf("  idle at a 1s poll over %ds: CPU %.2f%% of one core, heap after GC %d MB%n", idle.toSeconds(), cpu,
        heap / (1024 * 1024));
  }

  private static void awaitApplied(Daemon daemon, String sha, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (daemon.status().lastApplied().map(r -> r.sha().equals(sha)).orElse(false)
          && daemon.status().phase().equals("ready")) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("revision " + sha + " not applied within " + timeout);
  }

  private static RevCommit commit(Git git, Path dir, int weight) throws Exception {
    String command = serverCommand();
    String yaml = """
        kind: breed
        name: app:1
        deployable: { type: command, definition: "%s" }
        ports: { web: 8080/http }
        ---
        kind: breed
        name: app:2
        deployable: { type: command, definition: "%s" }
        ports: { web: 8080/http }
        ---
        kind: deployment
        name: bench
        clusters:
          app:
            services: [ { breed: app:1 }, { breed: app:2 } ]
            gateways:
              routes:
                app:1: { weight: %d%% }
                app:2: { weight: %d%% }
        """.formatted(command, command, weight, 100 - weight);
    Path file = dir.resolve("repo").resolve("bench.yaml");
    Files.writeString(file, yaml);
    git.add().addFilepattern(".").call();
    PersonIdent who = new PersonIdent("Bench", "bench@example.org");
    return git.commit().setMessage("weights " + weight).setAuthor(who).setCommitter(who).setSign(false).call();
  }

  /** A small JVM running {@link BenchServer} from the jar (or classes) this benchmark runs from. */
  private static String serverCommand() throws java.net.URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath = Path.of(BenchServer.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    return "exec " + java + " -Xmx16m -XX:TieredStopAtLevel=1 -Xshare:auto -cp " + classpath + " "
        + BenchServer.class.getName();
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return Collections.min(values);
  }

  private static double max(List<Double> values) {
    return Collections.max(values);
  }
}
