package io.vamp.driver.haproxy.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the renderer needs to know about the agent it renders for. Start from {@link #defaults(Path)}
 * (loopback, for tests) or {@link #production(Path)} and adjust with the {@code with...} methods.
 *
 * @param bindAddress the address every gateway port, the virtual-hosts port and the health port bind
 * @param statsSocket HAProxy's runtime API socket ({@code level admin}, {@code expose-fd listeners})
 * @param serverStateFile where the agent dumps {@code show servers state} before a reload
 * @param socketDirectory where the unix sockets of internal hops live (one per route of a weighted
 *     gateway, one per gateway reached from another gateway or a virtual host); paths must stay under
 *     {@value Safety#MAX_UNIX_SOCKET_PATH} bytes, so keep it short
 * @param syslog where request logs go; none: HAProxy logs nothing
 * @param healthPort a frontend answering {@code /health} (HAProxy's {@code monitor-uri}); none: no such frontend
 * @param virtualHostsPort one frontend serving every gateway's virtual hosts; none: virtual hosts are not served
 * @param retries connection retries before a request fails ({@code option redispatch} moves them to
 *     another server)
 * @param defaultCheck the TCP check of an instance whose workload defines no health check; none: no check
 * @param hardStopAfter how long old workers may keep draining connections after a reload
 */
public record RenderSettings(
    String bindAddress,
    Path statsSocket,
    Path serverStateFile,
    Path socketDirectory,
    Optional<SyslogTarget> syslog,
    OptionalInt healthPort,
    OptionalInt virtualHostsPort,
    Timeouts timeouts,
    int retries,
    Optional<DefaultCheck> defaultCheck,
    Duration hardStopAfter) {

  /** HAProxy's timeouts, written to the {@code defaults} section. */
  public record Timeouts(Duration connect, Duration client, Duration server, Duration httpRequest,
      Duration httpKeepAlive, Duration queue, Duration tunnel, Duration check) {

    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60),
        Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofHours(1), Duration.ofSeconds(5));

    public Timeouts {
      for (Duration d : new Duration[] {connect, client, server, httpRequest, httpKeepAlive, queue, tunnel, check}) {
        Objects.requireNonNull(d, "timeout");
        if (d.isNegative() || d.isZero()) {
          throw new IllegalArgumentException("timeouts must be positive: " + d);
        }
      }
    }
  }

  /** A plain TCP connect check: every {@code interval}, down after {@code fall} failures, up after {@code rise}. */
  public record DefaultCheck(Duration interval, int fall, int rise) {
    public static final DefaultCheck DEFAULT = new DefaultCheck(Duration.ofSeconds(5), 3, 2);

    public DefaultCheck {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero() || fall < 1 || rise < 1) {
        throw new IllegalArgumentException("a check needs a positive interval, fall and rise");
      }
    }
  }

  public static final int DEFAULT_HEALTH_PORT = 1988;
  public static final int DEFAULT_VIRTUAL_HOSTS_PORT = 80;
  public static final String DEFAULT_SYSLOG = "127.0.0.1:5140";

  public RenderSettings {
    Safety.bindAddress(bindAddress);
    Safety.filePath("stats socket", statsSocket);
    Safety.filePath("server state file", serverStateFile);
    Safety.filePath("socket directory", socketDirectory);
    Objects.requireNonNull(syslog, "syslog");
    Objects.requireNonNull(healthPort, "healthPort");
    Objects.requireNonNull(virtualHostsPort, "virtualHostsPort");
    healthPort.ifPresent(p -> Safety.port("health port", p));
    virtualHostsPort.ifPresent(p -> Safety.port("virtual hosts port", p));
    Objects.requireNonNull(timeouts, "timeouts");
    if (retries < 0 || retries > 100) {
      throw new IllegalArgumentException("retries must be 0-100: " + retries);
    }
    Objects.requireNonNull(defaultCheck, "defaultCheck");
    Objects.requireNonNull(hardStopAfter, "hardStopAfter");
    if (hardStopAfter.isNegative() || hardStopAfter.isZero()) {
      throw new IllegalArgumentException("hardStopAfter must be positive");
    }
    // the longest socket name is "r" + 8 hex + ".sock"
    if (socketDirectory.toString().length() + 15 > Safety.MAX_UNIX_SOCKET_PATH) {
      throw new UnsafeInputException("socket directory '" + socketDirectory + "' is too long for unix socket paths"
          + " (at most " + (Safety.MAX_UNIX_SOCKET_PATH - 15) + " characters)");
    }
  }

  /**
   * For tests and local runs: loopback, everything under {@code runDirectory} (stats socket
   * {@code admin.sock}, {@code server-state}, internal sockets), no syslog, no health or
   * virtual-hosts frontend, a TCP check on every instance.
   */
  public static RenderSettings defaults(Path runDirectory) {
    return new RenderSettings("127.0.0.1", runDirectory.resolve("admin.sock"), runDirectory.resolve("server-state"),
        runDirectory, Optional.empty(), OptionalInt.empty(), OptionalInt.empty(), Timeouts.DEFAULT, 3,
        Optional.of(DefaultCheck.DEFAULT), Duration.ofSeconds(30));
  }

  /** As the agent runs in production: all addresses, health on :1988, virtual hosts on :80, logs to 127.0.0.1:5140. */
  public static RenderSettings production(Path runDirectory) {
    return defaults(runDirectory).withBindAddress("0.0.0.0").withHealthPort(DEFAULT_HEALTH_PORT)
        .withVirtualHostsPort(DEFAULT_VIRTUAL_HOSTS_PORT).withSyslog(SyslogTarget.parse(DEFAULT_SYSLOG));
  }

  public RenderSettings withBindAddress(String address) {
    return new RenderSettings(address, statsSocket, serverStateFile, socketDirectory, syslog, healthPort,
        virtualHostsPort, timeouts, retries, defaultCheck, hardStopAfter);
  }

  public RenderSettings withSyslog(SyslogTarget target) {
    return new RenderSettings(bindAddress, statsSocket, serverStateFile, socketDirectory, Optional.of(target),
        healthPort, virtualHostsPort, timeouts, retries, defaultCheck, hardStopAfter);
  }

  public RenderSettings withHealthPort(int port) {
    return new RenderSettings(bindAddress, statsSocket, serverStateFile, socketDirectory, syslog, OptionalInt.of(port),
        virtualHostsPort, timeouts, retries, defaultCheck, hardStopAfter);
  }

  public RenderSettings withVirtualHostsPort(int port) {
    return new RenderSettings(bindAddress, statsSocket, serverStateFile, socketDirectory, syslog, healthPort,
        OptionalInt.of(port), timeouts, retries, defaultCheck, hardStopAfter);
  }

  public RenderSettings withTimeouts(Timeouts newTimeouts) {
    return new RenderSettings(bindAddress, statsSocket, serverStateFile, socketDirectory, syslog, healthPort,
        virtualHostsPort, newTimeouts, retries, defaultCheck, hardStopAfter);
  }

  public RenderSettings withRetries(int newRetries) {
    return new RenderSettings(bindAddress, statsSocket, serverStateFile, socketDirectory, syslog, healthPort,
        virtualHostsPort, timeouts, newRetries, defaultCheck, hardStopAfter);
  }

  public RenderSettings withDefaultCheck(Optional<DefaultCheck> check) {
    return new RenderSettings(bindAddress, statsSocket, serverStateFile, socketDirectory, syslog, healthPort,
        virtualHostsPort, timeouts, retries, check, hardStopAfter);
  }

  public RenderSettings withHardStopAfter(Duration duration) {
    return new RenderSettings(bindAddress, statsSocket, serverStateFile, socketDirectory, syslog, healthPort,
        virtualHostsPort, timeouts, retries, defaultCheck, duration);
  }
}
