package io.vamp.driver.haproxy.agent;

import io.vamp.driver.spi.kv.KeyValueStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * How a {@link GatewayAgent} runs. Start from {@link #defaults(KeyValueStore, Path, Path)} and adjust
 * with the {@code with...} methods. There are no bind settings for the gateways: the configuration
 * text from the store is complete (ports, addresses, sockets), and the agent passes it to HAProxy as it is.
 *
 * @param store the key-value store to watch (any driver); the agent does not close it
 * @param namespace the {@code /vamp/<namespace>} the daemon publishes under
 * @param agentId this agent's name in {@code /vamp/<ns>/agents/<agent-id>/status}: letters, digits, {@code . _ -}
 * @param haproxy the HAProxy binary (see {@link GatewayAgent#findHaproxy()})
 * @param workDirectory where the agent keeps {@code haproxy.cfg}, the master socket and the pid file;
 *     short, since unix socket paths are limited to 107 bytes
 * @param haproxyVersion major.minor for the configuration key; empty: asked from {@code haproxy -v}
 * @param healthAddress the address {@code /health} binds
 * @param healthPort its port; 0 for any free port
 * @param syslogPort the UDP port on 127.0.0.1 receiving HAProxy's logs; 0 for any free port
 * @param reloadStrategy how HAProxy is told to reload
 * @param timing debounce, timeouts and restart backoff
 * @param requestLogs where received request logs go
 * @param statusTtl the lifetime of the ephemeral status key where the store needs one (etcd leases)
 * @param metrics what {@code GET /metrics} answers beside {@code /health} (Prometheus text), if anything
 */
public record AgentSettings(KeyValueStore store, String namespace, String agentId, Path haproxy, Path workDirectory,
    Optional<String> haproxyVersion, String healthAddress, int healthPort, int syslogPort,
    ReloadStrategy reloadStrategy, Timing timing, RequestLogSink requestLogs, Duration statusTtl,
    Optional<Supplier<String>> metrics) {

  public static final String DEFAULT_NAMESPACE = "default";
  /** HAProxy's own health frontend, when rendered, takes 1988; the agent's {@code /health} sits next to it. */
  public static final int DEFAULT_HEALTH_PORT = 1989;
  /** Where the renderer's default syslog target sends logs ({@code 127.0.0.1:5140}). */
  public static final int DEFAULT_SYSLOG_PORT = 5140;

  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+");
  /** The longest unix socket path: sun_path holds 108 bytes with the terminating zero. */
  static final int MAX_SOCKET_PATH = 107;

  /**
   * @param debounce quiet time that ends a burst of changes
   * @param maxDelay the longest a change waits while a burst goes on
   * @param validateTimeout the longest {@code haproxy -c} may take
   * @param startTimeout the longest HAProxy may take to run a first worker
   * @param reloadTimeout the longest a reload may take to run a new worker
   * @param restartBackoff the first wait before restarting a stopped HAProxy, doubled on each failure
   * @param maxRestartBackoff the longest such wait
   * @param stopGrace how long HAProxy gets to stop on close before it is killed
   */
  public record Timing(Duration debounce, Duration maxDelay, Duration validateTimeout, Duration startTimeout,
      Duration reloadTimeout, Duration restartBackoff, Duration maxRestartBackoff, Duration stopGrace) {

    public static final Timing DEFAULT = new Timing(Duration.ofMillis(200), Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofMillis(200),
        Duration.ofSeconds(10), Duration.ofSeconds(10));

    public Timing {
      for (Duration d : new Duration[] {debounce, maxDelay, validateTimeout, startTimeout, reloadTimeout,
          restartBackoff, maxRestartBackoff, stopGrace}) {
        Objects.requireNonNull(d, "timing");
        if (d.isNegative()) {
          throw new IllegalArgumentException("durations must not be negative: " + d);
        }
      }
      if (maxDelay.compareTo(debounce) < 0) {
        throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than debounce " + debounce);
      }
      if (maxRestartBackoff.compareTo(restartBackoff) < 0 || restartBackoff.isZero()) {
        throw new IllegalArgumentException("need 0 < restartBackoff <= maxRestartBackoff");
      }
    }

    public Timing withDebounce(Duration newDebounce, Duration newMaxDelay) {
      return new Timing(newDebounce, newMaxDelay, validateTimeout, startTimeout, reloadTimeout, restartBackoff,
          maxRestartBackoff, stopGrace);
    }

    public Timing withRestartBackoff(Duration first, Duration max) {
      return new Timing(debounce, maxDelay, validateTimeout, startTimeout, reloadTimeout, first, max, stopGrace);
    }
  }

  public AgentSettings {
    Objects.requireNonNull(store, "store");
    requireMatch("namespace", namespace, NAMESPACE);
    requireMatch("agent id", agentId, AGENT_ID);
    Objects.requireNonNull(haproxy, "haproxy");
    Objects.requireNonNull(workDirectory, "workDirectory");
    workDirectory = workDirectory.toAbsolutePath().normalize();
    Objects.requireNonNull(haproxyVersion, "haproxyVersion");
    haproxyVersion.ifPresent(v -> requireMatch("haproxy version", v, VERSION));
    Objects.requireNonNull(healthAddress, "healthAddress");
    port("health port", healthPort);
    port("syslog port", syslogPort);
    Objects.requireNonNull(reloadStrategy, "reloadStrategy");
    Objects.requireNonNull(timing, "timing");
    Objects.requireNonNull(requestLogs, "requestLogs");
    Objects.requireNonNull(statusTtl, "statusTtl");
    Objects.requireNonNull(metrics, "metrics");
    if (statusTtl.toSeconds() < 1) {
      throw new IllegalArgumentException("statusTtl must be at least 1 s");
    }
    String longest = workDirectory.resolve("master.sock").toString();
    if (longest.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
      throw new IllegalArgumentException("work directory '" + workDirectory + "' is too long for the master socket"
          + " path (unix sockets take at most " + MAX_SOCKET_PATH + " bytes)");
    }
  }

  /**
   * Namespace {@code default}, the host name as agent id, the version from {@code haproxy -v},
   * {@code /health} on 127.0.0.1:{@value #DEFAULT_HEALTH_PORT}, syslog on 127.0.0.1:{@value #DEFAULT_SYSLOG_PORT},
   * reloads through the master CLI, {@link Timing#DEFAULT}, request logs discarded.
   */
  public static AgentSettings defaults(KeyValueStore store, Path haproxy, Path workDirectory) {
    return new AgentSettings(store, DEFAULT_NAMESPACE, defaultAgentId(), haproxy, workDirectory, Optional.empty(),
        "127.0.0.1", DEFAULT_HEALTH_PORT, DEFAULT_SYSLOG_PORT, ReloadStrategy.MASTER_CLI, Timing.DEFAULT,
        RequestLogSink.discard(), Duration.ofSeconds(30), Optional.empty());
  }

  public AgentSettings withNamespace(String newNamespace) {
    return new AgentSettings(store, newNamespace, agentId, haproxy, workDirectory, haproxyVersion, healthAddress,
        healthPort, syslogPort, reloadStrategy, timing, requestLogs, statusTtl, metrics);
  }

  public AgentSettings withAgentId(String id) {
    return new AgentSettings(store, namespace, id, haproxy, workDirectory, haproxyVersion, healthAddress,
        healthPort, syslogPort, reloadStrategy, timing, requestLogs, statusTtl, metrics);
  }

  public AgentSettings withHaproxyVersion(String majorMinor) {
    return new AgentSettings(store, namespace, agentId, haproxy, workDirectory, Optional.of(majorMinor),
        healthAddress, healthPort, syslogPort, reloadStrategy, timing, requestLogs, statusTtl, metrics);
  }

  public AgentSettings withHealth(String address, int port) {
    return new AgentSettings(store, namespace, agentId, haproxy, workDirectory, haproxyVersion, address, port,
        syslogPort, reloadStrategy, timing, requestLogs, statusTtl, metrics);
  }

  public AgentSettings withSyslogPort(int port) {
    return new AgentSettings(store, namespace, agentId, haproxy, workDirectory, haproxyVersion, healthAddress,
        healthPort, port, reloadStrategy, timing, requestLogs, statusTtl, metrics);
  }

  public AgentSettings withReloadStrategy(ReloadStrategy strategy) {
    return new AgentSettings(store, namespace, agentId, haproxy, workDirectory, haproxyVersion, healthAddress,
        healthPort, syslogPort, strategy, timing, requestLogs, statusTtl, metrics);
  }

  public AgentSettings withTiming(Timing newTiming) {
    return new AgentSettings(store, namespace, agentId, haproxy, workDirectory, haproxyVersion, healthAddress,
        healthPort, syslogPort, reloadStrategy, newTiming, requestLogs, statusTtl, metrics);
  }

  public AgentSettings withRequestLogs(RequestLogSink sink) {
    return new AgentSettings(store, namespace, agentId, haproxy, workDirectory, haproxyVersion, healthAddress,
        healthPort, syslogPort, reloadStrategy, timing, sink, statusTtl, metrics);
  }

  /** Serves {@code GET /metrics} (Prometheus text format) from this supplier beside {@code /health}. */
  public AgentSettings withMetrics(Supplier<String> prometheusText) {
    return new AgentSettings(store, namespace, agentId, haproxy, workDirectory, haproxyVersion, healthAddress,
        healthPort, syslogPort, reloadStrategy, timing, requestLogs, statusTtl, Optional.of(prometheusText));
  }

  /** The host name, cut to the characters an agent id may hold; {@code agent} if there is none. */
  public static String defaultAgentId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "";
      }
    }
    String cleaned = host.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
    cleaned = cleaned.length() > 128 ? cleaned.substring(0, 128) : cleaned;
    return cleaned.isEmpty() ? "agent" : cleaned;
  }

  private static void requireMatch(String what, String value, Pattern pattern) {
    Objects.requireNonNull(value, what);
    if (!pattern.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + what + " '" + Texts.printable(value, 100) + "': expected "
          + pattern.pattern());
    }
  }

  private static void port(String what, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(what + " must be 0-65535: " + port);
    }
  }
}
