package io.vamp.driver.marathon;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Marathon scheduler's settings: the URI ({@code scheduler.uri}, required) and
 * {@link DriverConfig#settings()}, read strictly. See the module README for each key.
 */
public record MarathonSettings(
    URI uri,
    Optional<String> token,
    Optional<Path> tokenFile,
    Optional<String> uid,
    Optional<Path> privateKeyFile,
    URI loginUrl,
    Optional<Path> caFile,
    Duration requestTimeout,
    String group,
    String network,
    BigDecimal defaultCpus,
    BigDecimal defaultMem,
    boolean force) {

  static final Map<String, String> DEFAULTS = defaults();
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  private static Map<String, String> defaults() {
    Map<String, String> d = new TreeMap<>();
    d.put("token", "");
    d.put("token-file", "");
    d.put("uid", "");
    d.put("private-key-file", "");
    d.put("login-url", "");
    d.put("ca-file", "");
    d.put("request-timeout", "30s");
    d.put("group", "");
    d.put("network", "container/bridge");
    d.put("default-cpus", "0.1");
    d.put("default-mem", "128");
    d.put("force", "true");
    return Map.copyOf(d);
  }

  /** The group apps live in, {@code /<namespace>} unless set. */
  public static MarathonSettings from(DriverConfig config) {
    for (String key : config.settings().keySet()) {
      if (!DEFAULTS.containsKey(key)) {
        throw new DriverException("marathon scheduler: unknown setting '" + key + "'; known: "
            + new TreeMap<>(DEFAULTS).keySet(), false);
      }
    }
    URI uri = config.uri().orElseThrow(() -> new DriverException(
        "marathon scheduler: scheduler.uri is required (e.g. http://marathon.mesos:8080 or"
            + " https://dcos.example.com/service/marathon)", false));
    if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
      throw invalid("uri", uri.toString(), "an http:// or https:// URL");
    }
    Optional<String> uid = optional(text(config, "uid"));
    Optional<Path> key = optional(text(config, "private-key-file")).map(Path::of);
    if (uid.isPresent() != key.isPresent()) {
      throw new DriverException("marathon scheduler: a service-account login needs both 'uid' and"
          + " 'private-key-file'", false);
    }
    String login = text(config, "login-url");
    URI loginUrl = login.isEmpty()
        ? URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + "/acs/api/v1/auth/login")
        : URI.create(login);
    String group = text(config, "group");
    if (group.isEmpty()) {
      group = AppIds.group(config.namespace());
    } else {
      if (!group.startsWith("/") || group.length() == 1) {
        throw invalid("group", group, "an absolute Marathon group such as /vamp/production");
      }
      for (String segment : group.substring(1).split("/", -1)) {
        if (!AppIds.validSegment(segment)) {
          throw invalid("group", group, "segments of lowercase letters, digits, '-' and '.'");
        }
      }
    }
    String network = text(config, "network");
    if (!network.equals("container/bridge") && !network.equals("host")) {
      throw invalid("network", network, "container/bridge or host");
    }
    return new MarathonSettings(uri,
        optional(text(config, "token")),
        optional(text(config, "token-file")).map(Path::of),
        uid, key, loginUrl,
        optional(text(config, "ca-file")).map(Path::of),
        duration(config, "request-timeout"),
        group, network,
        decimal(config, "default-cpus"),
        decimal(config, "default-mem"),
        bool(config, "force"));
  }

  static Duration parseDuration(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(trimmed);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
  }

  private static Duration duration(DriverConfig config, String key) {
    String text = text(config, key);
    try {
      Duration d = parseDuration(text);
      if (d.isNegative() || d.isZero()) {
        throw invalid(key, text, "a positive duration");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw invalid(key, text, "a duration such as 500ms, 5s, 2m, 1h or PT5S");
    }
  }

  private static BigDecimal decimal(DriverConfig config, String key) {
    String text = text(config, key);
    try {
      BigDecimal d = new BigDecimal(text);
      if (d.signum() <= 0) {
        throw invalid(key, text, "a positive number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw invalid(key, text, "a number");
    }
  }

  private static boolean bool(DriverConfig config, String key) {
    String text = text(config, key).toLowerCase(Locale.ROOT);
    return switch (text) {
      case "true", "yes", "on" -> true;
      case "false", "no", "off" -> false;
      default -> throw invalid(key, text, "true or false");
    };
  }

  private static String text(DriverConfig config, String key) {
    return config.setting(key).orElse(DEFAULTS.get(key)).trim();
  }

  private static Optional<String> optional(String text) {
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static DriverException invalid(String key, String value, String expected) {
    return new DriverException("marathon scheduler: setting '" + key + "' is '" + value + "'; expected " + expected,
        false);
  }

  @Override
  public String toString() {
    // never the token
    return "MarathonSettings[uri=" + uri + ", group=" + group + ", auth=" + (token.isPresent() ? "token"
        : tokenFile.isPresent() ? "token-file" : uid.isPresent() ? "service-account " + uid.get() : "none") + "]";
  }
}
