package io.vamp.driver.local;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import javax.tools.ToolProvider;

/** The tests' tiny HTTP service (Hello.java, compiled once) and workloads that run it. */
final class TestService {

  private static Path classes;

  /**
   * A port range of its own for each test JVM, so that two builds running at once on one machine
   * rarely meet (the scheduler copes when they do, but a test reading a port could talk to the other).
   */
  static final int FIRST_PORT = 20000 + (int) (ProcessHandle.current().pid() % 20) * 500;
  static final int LAST_PORT = FIRST_PORT + 499;

  private TestService() {}

  /** Compiles Hello.java into target/hello-classes the first time. */
  static synchronized Path classes() {
    if (classes == null) {
      try {
        Path source = Path.of(TestService.class.getResource("Hello.java").toURI());
        Path out = source.getParent().getParent().getParent().getParent().getParent()
            .resolveSibling("hello-classes");
        Files.createDirectories(out);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
            "-d", out.toString(), source.toString());
        if (status != 0) {
          throw new IllegalStateException("javac Hello.java failed: " + status);
        }
        classes = out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return classes;
  }

  /** The command line that runs the service: a small, quick-starting JVM. */
  static String command() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return "exec '" + java + "' -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx32m -Xss512k"
        + " -cp '" + classes() + "' Hello";
  }

  static HealthCheck httpHealth() {
    return new HealthCheck("/health", "web", "HTTP", Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1), 2);
  }

  static Workload workload(WorkloadId id, SortedMap<String, String> env, int instances) {
    return workload(id, env, instances, command(), List.of(httpHealth()));
  }

  static Workload workload(WorkloadId id, SortedMap<String, String> env, int instances, String command,
      List<HealthCheck> checks) {
    return workload(id, env, instances, new Deployable(Deployable.Type.COMMAND, command), checks, Dialects.NONE,
        List.of(new Port("web", 8080, Protocol.HTTP)));
  }

  static Workload workload(WorkloadId id, SortedMap<String, String> env, int instances, Deployable deployable,
      List<HealthCheck> checks, Dialects dialects, List<Port> ports) {
    return new Workload(id, deployable, ports, env, new Resources(new BigDecimal("0.1"), 64, instances), checks,
        List.of(), dialects, List.of());
  }

  static DriverConfig config(String namespace, Path data, Map<String, String> settings) {
    Map<String, String> all = new java.util.HashMap<>(Map.of(
        "restart-backoff", "200ms",
        "drain", "300ms",
        "stop-timeout", "5s",
        "supervision-interval", "100ms",
        "ports", FIRST_PORT + "-" + LAST_PORT));
    all.putAll(settings);
    return new DriverConfig(namespace, data, Optional.empty(), all);
  }

  /** GET http://host:port/path, or empty when nothing answers. */
  static Optional<String> get(String host, int port, String path) {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://" + host + ":" + port + path).toURL().openConnection();
      c.setConnectTimeout(1000);
      c.setReadTimeout(2000);
      try (InputStream in = c.getInputStream()) {
        return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static List<String> lines(String text) {
    return new ArrayList<>(text.lines().toList());
  }
}
