package io.vamp.driver.zookeeper;

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
 * What the factory read from the URI and the settings. {@link #toString()} never shows the password.
 *
 * @param connectString     {@code h1:2181,h2:2181}, without the chroot
 * @param chroot            the path every key lives under, without its leading {@code /}; empty for the root
 * @param tls               whether to speak TLS ({@code zookeeper+tls://})
 * @param sessionTimeout    the session timeout asked of the server (it may clamp it to its own bounds)
 * @param connectionTimeout how long one attempt waits for a connection
 * @param operationTimeout  how long an operation keeps retrying before it fails with a retryable error
 */
record Settings(String connectString, String chroot, boolean tls, Duration sessionTimeout,
                Duration connectionTimeout, Duration operationTimeout, Optional<String> user,
                Optional<String> password, Optional<Path> caFile, Optional<Path> certFile, Optional<Path> keyFile) {

  static final String SCHEME = "zookeeper";
  static final String TLS_SCHEME = "zookeeper+tls";
  static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);
  static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);
  static final Duration DEFAULT_OPERATION_TIMEOUT = Duration.ofSeconds(5);
  static final Set<String> KNOWN = Set.of("session-timeout", "connection-timeout", "operation-timeout", "user",
      "password", "ca-file", "cert-file", "key-file");

  static Settings from(DriverConfig config) {
    URI uri = config.uri().orElseThrow(() -> new DriverException(
        "the zookeeper store needs a URI such as zookeeper://h1:2181,h2:2181/chroot", false));
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals(SCHEME) && !scheme.equals(TLS_SCHEME)) {
      throw new DriverException("the zookeeper store takes a zookeeper:// or zookeeper+tls:// URI, not "
          + uri.getScheme() + ":", false);
    }
    String hosts = uri.getRawAuthority();
    if (hosts == null || hosts.isBlank()) {
      throw new DriverException("the zookeeper URI names no server: zookeeper://h1:2181,h2:2181/chroot", false);
    }
    if (hosts.contains("@")) {
      throw new DriverException("put ZooKeeper credentials in the settings user and password, not in the URI", false);
    }
    String chroot = uri.getPath() == null ? "" : uri.getPath();
    while (chroot.startsWith("/")) {
      chroot = chroot.substring(1);
    }
    while (chroot.endsWith("/")) {
      chroot = chroot.substring(0, chroot.length() - 1);
    }
    for (String unknown : config.settings().keySet()) {
      if (!KNOWN.contains(unknown)) {
        throw new DriverException("unknown zookeeper setting '" + unknown + "'; known: " + String.join(", ",
            KNOWN.stream().sorted().toList()), false);
      }
    }
    Optional<String> user = config.setting("user").filter(s -> !s.isEmpty());
    Optional<String> password = config.setting("password");
    if (user.isPresent() != password.isPresent()) {
      throw new DriverException("ZooKeeper digest auth needs both settings user and password", false);
    }
    Optional<Path> ca = file(config, "ca-file");
    Optional<Path> cert = file(config, "cert-file");
    Optional<Path> key = file(config, "key-file");
    boolean tls = scheme.equals(TLS_SCHEME);
    if (!tls && (ca.isPresent() || cert.isPresent() || key.isPresent())) {
      throw new DriverException("ca-file, cert-file and key-file need a zookeeper+tls:// URI", false);
    }
    if (cert.isPresent() != key.isPresent()) {
      throw new DriverException("a client certificate needs both cert-file and key-file", false);
    }
    Settings settings = new Settings(hosts, chroot, tls,
        duration(config, "session-timeout", DEFAULT_SESSION_TIMEOUT),
        duration(config, "connection-timeout", DEFAULT_CONNECTION_TIMEOUT),
        duration(config, "operation-timeout", DEFAULT_OPERATION_TIMEOUT), user, password, ca, cert, key);
    return settings;
  }

  /** {@code 6s}, {@code 500ms}, {@code 2m}, a number of milliseconds, or ISO-8601 ({@code PT6S}). */
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
      throw new DriverException("setting " + name + " is not a duration (such as 6s or 500ms): " + text, false);
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

  /** Where the server runs, for logs and messages. */
  String where() {
    return (tls ? TLS_SCHEME : SCHEME) + "://" + connectString + (chroot.isEmpty() ? "" : "/" + chroot);
  }

  @Override
  public String toString() {
    return "Settings[" + where() + " session-timeout=" + sessionTimeout + " connection-timeout=" + connectionTimeout
        + " operation-timeout=" + operationTimeout + " user=" + user.orElse("-")
        + " password=" + (password.isPresent() ? "***" : "-") + " ca-file=" + caFile.map(Path::toString).orElse("-")
        + " cert-file=" + certFile.map(Path::toString).orElse("-") + "]";
  }
}
