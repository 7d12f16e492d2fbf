package io.vamp.driver.consul;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the factory read from the URI and the settings. {@link #toString()} never shows the token.
 *
 * @param agent            {@code http://h:8500} or {@code https://h:8500}: the Consul agent this client talks to
 * @param prefix           put before every key ({@code vamp-kv/} from {@code consul://h:8500/vamp-kv}); empty for none
 * @param sessionTtl       the TTL of this client's session (Consul allows 10s to 24h): ephemeral keys and
 *                         leadership of a crashed client go between one and two TTLs later
 * @param lockDelay        Consul's lock-delay of the session: how long a lock it held stays unavailable
 *                         after the session was invalidated
 * @param blockingWait     the longest a blocking query (watch, follower) waits before asking again
 * @param operationTimeout how long one request may take before it fails with a retryable error
 */
record Settings(URI agent, String prefix, boolean tls, Duration sessionTtl, Duration lockDelay,
                Duration blockingWait, Duration operationTimeout, Optional<String> token,
                Optional<String> datacenter, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {

  static final String SCHEME = "consul";
  static final String TLS_SCHEME = "consul+https";
  static final Duration DEFAULT_SESSION_TTL = Duration.ofSeconds(10);
  static final Duration DEFAULT_LOCK_DELAY = Duration.ofSeconds(1);
  static final Duration DEFAULT_WAIT = Duration.ofSeconds(20);
  static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(5);
  static final Set<String> KNOWN = Set.of("session-ttl", "lock-delay", "wait", "operation-timeout", "token",
      "datacenter", "ca-file", "cert-file", "key-file");

  static Settings from(DriverConfig config) {
    URI uri = config.uri().orElseThrow(() -> new DriverException(
        "the consul store needs a URI such as consul://127.0.0.1:8500", false));
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(SCHEME) && !scheme.equals(TLS_SCHEME)) {
      throw new DriverException("the consul store takes a consul:// or consul+https:// URI, not " + uri.getScheme()
          + ":", false);
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isBlank()) {
      throw new DriverException("the consul URI names no agent: consul://127.0.0.1:8500", false);
    }
    if (authority.contains("@")) {
      throw new DriverException("put the Consul ACL token in the setting token, not in the URI", false);
    }
    if (authority.contains(",")) {
      throw new DriverException("a Consul client talks to one agent (usually the local one), not " + authority, false);
    }
    boolean tls = scheme.equals(TLS_SCHEME);
    URI agent = URI.create((tls ? "https://" : "http://") + authority);
    if (agent.getHost() == null) {
      throw new DriverException("the consul URI's agent is not host:port: " + authority, false);
    }
    if (agent.getPort() < 0) {
      agent = URI.create(agent + ":8500");
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath();
    while (prefix.startsWith("/")) {
      prefix = prefix.substring(1);
    }
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!prefix.isEmpty()) {
      prefix = prefix + "/";
    }
    for (String unknown : config.settings().keySet()) {
      if (!KNOWN.contains(unknown)) {
        throw new DriverException("unknown consul setting '" + unknown + "'; known: "
            + String.join(", ", KNOWN.stream().sorted().toList()), false);
      }
    }
    Optional<Path> ca = file(config, "ca-file");
    Optional<Path> cert = file(config, "cert-file");
    Optional<Path> key = file(config, "key-file");
    if (!tls && (ca.isPresent() || cert.isPresent() || key.isPresent())) {
      throw new DriverException("ca-file, cert-file and key-file need a consul+https:// URI", false);
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new DriverException("a client certificate needs both cert-file and key-file", false);
    }
    Duration ttl = duration(config, "session-ttl", DEFAULT_SESSION_TTL);
    if (ttl.compareTo(Duration.ofSeconds(10)) < 0 || ttl.compareTo(Duration.ofHours(24)) > 0
        || ttl.toMillis() % 1000 != 0) {
      throw new DriverException("setting session-ttl is whole seconds between 10s and 24h (Consul's bounds): " + ttl,
          false);
    }
    Duration lockDelay = config.setting("lock-delay").map(t -> t.trim().equals("0") ? Duration.ZERO
        : parseDuration("lock-delay", t)).orElse(DEFAULT_LOCK_DELAY);
    if (lockDelay.toMillis() % 1000 != 0) {
      throw new DriverException("setting lock-delay is whole seconds: " + lockDelay, false);
    }
    Duration wait = duration(config, "wait", DEFAULT_WAIT);
    if (wait.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new DriverException("setting wait is at most 10m (Consul's limit): " + wait, false);
    }
    return new Settings(agent, prefix, tls, ttl, lockDelay, wait,
        duration(config, "operation-timeout", DEFAULT_OPERATION_TIMEOUT),
        config.setting("token").filter(s -> !s.isEmpty()), config.setting("datacenter").filter(s -> !s.isEmpty()),
        ca, cert, key);
  }

  /** {@code 10s}, {@code 500ms}, {@code 2m}, a number of milliseconds, or ISO-8601 ({@code PT10S}). */
  static Duration parseDuration(String name, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      Duration d;
      if (t.startsWith("pt")) {
        d = Duration.parse(t.toUpperCase(Locale.ROOT));
      } else if (t.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2).trim()));
      } else if (t.endsWith("s")) {
        d = Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1).trim()) * 1000));
      } else if (t.endsWith("m")) {
        d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1).trim()) * 60);
      } else if (t.endsWith("h")) {
        d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1).trim()));
      } else {
        d = Duration.ofMillis(Long.parseLong(t));
      }
      if (d.isNegative() || d.isZero()) {
        throw new DriverException("setting " + name + " must be positive: " + text, false);
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new DriverException("setting " + name + " is not a duration (such as 10s or 500ms): " + text, false);
    }
  }

  private static Duration duration(DriverConfig config, String name, Duration fallback) {
    return config.setting(name).map(t -> parseDuration(name, t)).orElse(fallback);
  }

  private static Optional<Path> file(DriverConfig config, String name) {
    Optional<Path> path = config.setting(name).filter(s -> !s.isBlank()).map(Path::of);
    path.ifPresent(p -> {
      if (!Files.isReadable(p)) {
        throw new DriverException("setting " + name + ": cannot read " + p, false);
      }
    });
    return path;
  }

  String where() {
    return (tls ? TLS_SCHEME : SCHEME) + "://" + agent.getHost() + ":" + agent.getPort()
        + (prefix.isEmpty() ? "" : "/" + prefix.substring(0, prefix.length() - 1));
  }

  @Override
  public String toString() {
    return "Settings[" + where() + " session-ttl=" + sessionTtl + " lock-delay=" + lockDelay + " wait=" + blockingWait
        + " operation-timeout=" + operationTimeout + " token=" + (token.isPresent() ? "***" : "-")
        + " datacenter=" + datacenter.orElse("-") + " ca-file=" + caFile.map(Path::toString).orElse("-")
        + " cert-file=" + certFile.map(Path::toString).orElse("-") + "]";
  }
}
