package io.vamp.driver.etcd;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the factory read from the URI and the settings. {@link #toString()} never shows the password.
 *
 * @param endpoints        {@code http://h1:2379}, one per server
 * @param prefix           put before every key (the URI's path, e.g. {@code /team-a}); empty for none
 * @param leaseTtl         the TTL of this client's lease: how long ephemeral keys and leadership outlive a
 *                         crashed or partitioned client
 * @param operationTimeout how long one operation may take before it fails with a retryable error
 */
record Settings(List<String> endpoints, String prefix, boolean tls, Duration leaseTtl, Duration operationTimeout,
                Optional<String> user, Optional<String> password, Optional<Path> caFile, Optional<Path> certFile,
                Optional<Path> keyFile) {

  static final String SCHEME = "etcd";
  static final String TLS_SCHEME = "etcd+https";
  static final Duration DEFAULT_LEASE_TTL = Duration.ofSeconds(5);
  static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(5);
  static final Set<String> KNOWN = Set.of("lease-ttl", "operation-timeout", "user", "password", "ca-file",
      "cert-file", "key-file");

  Settings {
    endpoints = List.copyOf(endpoints);
  }

  static Settings from(DriverConfig config) {
    URI uri = config.uri().orElseThrow(() -> new DriverException(
        "the etcd store needs a URI such as etcd://h1:2379,h2:2379", false));
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(SCHEME) && !scheme.equals(TLS_SCHEME)) {
      throw new DriverException("the etcd store takes an etcd:// or etcd+https:// URI, not " + uri.getScheme() + ":",
          false);
    }
    String hosts = uri.getRawAuthority();
    if (hosts == null || hosts.isBlank()) {
      throw new DriverException("the etcd URI names no server: etcd://h1:2379,h2:2379", false);
    }
    if (hosts.contains("@")) {
      throw new DriverException("put etcd credentials in the settings user and password, not in the URI", false);
    }
    boolean tls = scheme.equals(TLS_SCHEME);
    List<String> endpoints = new ArrayList<>();
    for (String host : hosts.split(",")) {
      if (host.isBlank()) {
        throw new DriverException("the etcd URI has an empty server in " + hosts, false);
      }
      endpoints.add((tls ? "https://" : "http://") + host.trim());
    }
    String prefix = uri.getPath() == null ? "" : uri.getPath();
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    for (String unknown : config.settings().keySet()) {
      if (!KNOWN.contains(unknown)) {
        throw new DriverException("unknown etcd setting '" + unknown + "'; known: "
            + String.join(", ", KNOWN.stream().sorted().toList()), false);
      }
    }
    Optional<String> user = config.setting("user").filter(s -> !s.isEmpty());
    Optional<String> password = config.setting("password");
    if (user.isPresent() != password.isPresent()) {
      throw new DriverException("etcd authentication needs both settings user and password", false);
    }
    Optional<Path> ca = file(config, "ca-file");
    Optional<Path> cert = file(config, "cert-file");
    Optional<Path> key = file(config, "key-file");
    if (!tls && (ca.isPresent() || cert.isPresent() || key.isPresent())) {
      throw new DriverException("ca-file, cert-file and key-file need an etcd+https:// URI", false);
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new DriverException("a client certificate needs both cert-file and key-file", false);
    }
    Duration ttl = duration(config, "lease-ttl", DEFAULT_LEASE_TTL);
    if (ttl.toMillis() % 1000 != 0 || ttl.toSeconds() < 2) {
      throw new DriverException("setting lease-ttl is whole seconds, at least 2s: " + ttl, false);
    }
    return new Settings(endpoints, prefix, tls, ttl, duration(config, "operation-timeout", DEFAULT_OPERATION_TIMEOUT),
        user, password, ca, cert, key);
  }

  /** {@code 5s}, {@code 500ms}, {@code 2m}, a number of milliseconds, or ISO-8601 ({@code PT5S}). */
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
      } else {
        d = Duration.ofMillis(Long.parseLong(t));
      }
      if (d.isNegative() || d.isZero()) {
        throw new DriverException("setting " + name + " must be positive: " + text, false);
      }
      return d;
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new DriverException("setting " + name + " is not a duration (such as 5s or 500ms): " + text, false);
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
    return (tls ? TLS_SCHEME : SCHEME) + "://" + String.join(",", endpoints.stream()
        .map(e -> e.substring(e.indexOf("://") + 3)).toList()) + prefix;
  }

  @Override
  public String toString() {
    return "Settings[" + where() + " lease-ttl=" + leaseTtl + " operation-timeout=" + operationTimeout
        + " user=" + user.orElse("-") + " password=" + (password.isPresent() ? "***" : "-")
        + " ca-file=" + caFile.map(Path::toString).orElse("-") + " cert-file="
        + certFile.map(Path::toString).orElse("-") + "]";
  }
}
