package io.vamp.driver.local;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local scheduler's settings, read from {@link DriverConfig#settings()} (all optional; see the
 * module README for their meaning).
 */
record LocalSettings(
    String host,
    int firstPort,
    int lastPort,
    Duration restartBackoff,
    Duration restartBackoffMax,
    Duration rolloutTimeout,
    Duration drain,
    Duration stopTimeout,
    long logMaxBytes,
    List<String> inheritEnvironment,
    Path workingDirectory,
    boolean workingDirectoryGiven,
    Duration supervisionInterval) {

  static final Map<String, String> DEFAULTS = Map.ofEntries(
      Map.entry("host", "127.0.0.1"),
      Map.entry("ports", "31000-31999"),
      Map.entry("restart-backoff", "500ms"),
      Map.entry("restart-backoff-max", "30s"),
      Map.entry("rollout-timeout", "10m"),
      Map.entry("drain", "5s"),
      Map.entry("stop-timeout", "10s"),
      Map.entry("log-max-bytes", "10485760"),
      Map.entry("inherit-environment", "PATH,HOME,USER,LOGNAME,LANG,LC_ALL,TZ,TMPDIR,JAVA_HOME"),
      Map.entry("working-directory", ""),
      Map.entry("supervision-interval", "200ms"));

  private static final Pattern RANGE = Pattern.compile("(\\d{1,5})\\s*-\\s*(\\d{1,5})");
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

  LocalSettings {
    Objects.requireNonNull(host, "host");
    inheritEnvironment = List.copyOf(inheritEnvironment);
    Objects.requireNonNull(workingDirectory, "workingDirectory");
  }

  static LocalSettings from(DriverConfig config) {
    for (String key : config.settings().keySet()) {
      if (!DEFAULTS.containsKey(key)) {
        throw new DriverException("local scheduler: unknown setting '" + key + "'; known: "
            + DEFAULTS.keySet().stream().sorted().toList(), false);
      }
    }
    String host = setting(config, "host").trim();
    Matcher range = RANGE.matcher(setting(config, "ports").trim());
    if (!range.matches()) {
      throw invalid("ports", setting(config, "ports"), "a range such as 31000-31999");
    }
    int first = Integer.parseInt(range.group(1));
    int last = Integer.parseInt(range.group(2));
    if (first < 1 || last > 65535 || first > last) {
      throw invalid("ports", setting(config, "ports"), "a range of ports 1-65535, low to high");
    }
    long logMax;
    try {
      logMax = Long.parseLong(setting(config, "log-max-bytes").trim());
    } catch (NumberFormatException e) {
      throw invalid("log-max-bytes", setting(config, "log-max-bytes"), "a number of bytes");
    }
    if (logMax < 1024) {
      throw invalid("log-max-bytes", setting(config, "log-max-bytes"), "at least 1024");
    }
    List<String> inherit = Arrays.stream(setting(config, "inherit-environment").split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).toList();
    String workingDirectory = setting(config, "working-directory").trim();
    return new LocalSettings(
        host, first, last,
        duration(config, "restart-backoff"),
        duration(config, "restart-backoff-max"),
        duration(config, "rollout-timeout"),
        duration(config, "drain"),
        duration(config, "stop-timeout"),
        logMax,
        inherit,
        workingDirectory.isEmpty() ? Path.of("").toAbsolutePath() : Path.of(workingDirectory).toAbsolutePath(),
        !workingDirectory.isEmpty(),
        duration(config, "supervision-interval"));
  }

  /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT5S}). */
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
    String text = setting(config, key);
    try {
      Duration d = parseDuration(text);
      if (d.isNegative()) {
        throw invalid(key, text, "a duration that is not negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw invalid(key, text, "a duration such as 500ms, 5s, 2m, 1h or PT5S");
    }
  }

  private static String setting(DriverConfig config, String key) {
    return config.setting(key).orElse(DEFAULTS.get(key));
  }

  private static DriverException invalid(String key, String value, String expected) {
    return new DriverException("local scheduler: setting '" + key + "' is '" + value + "'; expected " + expected, false);
  }
}
