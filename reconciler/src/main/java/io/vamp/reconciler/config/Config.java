package io.vamp.reconciler.config;

import io.vamp.model.problem.Position;
import io.vamp.model.problem.Problem;
import io.vamp.model.problem.Problems;
import io.vamp.model.read.Suggestions;
import io.vamp.model.yaml.YNode;
import io.vamp.model.yaml.YamlDocuments;
import io.vamp.model.yaml.YamlLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's configuration: defaults, overridden by one YAML file, overridden by {@code VAMP_*}
 * environment variables. Unknown keys are errors with file, line and column. Driver-specific settings
 * live under {@code scheduler.settings}, {@code kv.settings} and {@code ledger.settings} and are handed
 * to the driver as they are. Secrets are only ever read from files or environment variables.
 */
public final class Config {
  private static final List<String> DRIVER_SECTIONS =
      List.of("scheduler.settings", "kv.settings", "ledger.settings", "elasticsearch.settings");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private final Map<String, String> values;
  private final Map<String, String> origins;

  private Config(Map<String, String> values, Map<String, String> origins) {
    this.values = Map.copyOf(values);
    this.origins = Map.copyOf(origins);
  }

  /** Defaults, then the file (if given), then the environment. */
  public static Config load(Optional<Path> file, Map<String, String> environment) {
    Map<String, String> values = new TreeMap<>();
    Map<String, String> origins = new TreeMap<>();
    for (Setting setting : Settings.ALL) {
      values.put(setting.key(), setting.defaultValue());
      origins.put(setting.key(), "default");
    }
    if (file.isPresent()) {
      readFile(file.get(), values, origins);
    }
    for (Setting setting : Settings.ALL) {
      String value = environment.get(setting.environmentVariable());
      if (value != null) {
        values.put(setting.key(), value);
        origins.put(setting.key(), "$" + setting.environmentVariable());
      }
    }
    // driver settings from the environment (how their secrets arrive): VAMP_KV_SETTINGS_PASSWORD sets
    // kv.settings.password, VAMP_ELASTICSEARCH_SETTINGS_API_KEY sets elasticsearch.settings.api-key
    for (String section : DRIVER_SECTIONS) {
      String prefix = "VAMP_" + section.toUpperCase(java.util.Locale.ROOT).replace('.', '_') + "_";
      environment.forEach((name, value) -> {
        if (name.startsWith(prefix) && name.length() > prefix.length()) {
          String key = section + "." + name.substring(prefix.length()).toLowerCase(java.util.Locale.ROOT)
              .replace('_', '-');
          values.put(key, value);
          origins.put(key, "$" + name);
        }
      });
    }
    return new Config(values, origins);
  }

  public static Config defaults() {
    return load(Optional.empty(), Map.of());
  }

  /** A copy with some settings replaced (command-line options). */
  public Config with(Map<String, String> overrides) {
    Map<String, String> copy = new TreeMap<>(values);
    Map<String, String> copyOrigins = new TreeMap<>(origins);
    overrides.forEach((k, v) -> {
      copy.put(k, v);
      copyOrigins.put(k, "command line");
    });
    return new Config(copy, copyOrigins);
  }

  private static void readFile(Path file, Map<String, String> values, Map<String, String> origins) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage());
    }
    Problems problems = new Problems();
    String name = file.toString();
    List<YNode> documents = new YamlDocuments(YamlLimits.DEFAULT).parse(name, text, problems);
    if (documents.size() > 1) {
      problems.add(documents.get(1).position(), "", "a configuration file holds one YAML document");
    }
    for (YNode document : documents.stream().limit(1).toList()) {
      flatten(document, "", values, origins, problems);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.sorted());
    }
  }

  private static void flatten(YNode node, String prefix, Map<String, String> values, Map<String, String> origins,
      Problems problems) {
    if (node instanceof YNode.Mapping mapping) {
      for (YNode.Entry entry : mapping.entries()) {
        String key = prefix.isEmpty() ? entry.key().value() : prefix + "." + entry.key().value();
        if (entry.value() instanceof YNode.Mapping && !isSetting(key)) {
          if (!isPrefixOfKnown(key)) {
            unknown(entry.key().position(), key, problems);
            continue;
          }
          flatten(entry.value(), key, values, origins, problems);
        } else {
          leaf(key, entry.key().position(), entry.value(), values, origins, problems);
        }
      }
      return;
    }
    problems.add(node.position(), prefix, "expected a map of settings, found " + node.describe());
  }

  private static void leaf(String key, Position position, YNode value, Map<String, String> values,
      Map<String, String> origins, Problems problems) {
    if (!isSetting(key)) {
      unknown(position, key, problems);
      return;
    }
    String text;
    if (value instanceof YNode.Scalar scalar) {
      text = scalar.value();
    } else if (value instanceof YNode.Null) {
      text = "";
    } else {
      problems.add(value.position(), key, "expected a value, found " + value.describe());
      return;
    }
    Optional<Setting> setting = Settings.byKey(key);
    if (setting.isPresent() && setting.get().secret() && !key.endsWith("_file")) {
      problems.add(position, key, "a secret is given as a file or environment variable, never inline");
      return;
    }
    values.put(key, text);
    origins.put(key, position.toString());
  }

  private static boolean isSetting(String key) {
    return Settings.byKey(key).isPresent() || DRIVER_SECTIONS.stream().anyMatch(s -> key.startsWith(s + "."));
  }

  private static boolean isPrefixOfKnown(String key) {
    return Settings.ALL.stream().anyMatch(s -> s.key().startsWith(key + "."))
        || DRIVER_SECTIONS.stream().anyMatch(s -> s.equals(key) || key.startsWith(s + ".") || s.startsWith(key + "."));
  }

  private static void unknown(Position position, String key, Problems problems) {
    List<String> known = new ArrayList<>(Settings.ALL.stream().map(Setting::key).toList());
    known.addAll(DRIVER_SECTIONS);
    problems.add(position, key, "unknown setting '" + key + "'" + Suggestions.hint(key, known));
  }

  // ------------------------------------------------------------------ typed access

  public String get(Setting setting) {
    return values.getOrDefault(setting.key(), setting.defaultValue());
  }

  public Optional<String> optional(Setting setting) {
    String value = get(setting);
    return value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  public int integer(Setting setting) {
    try {
      return Integer.parseInt(get(setting).trim());
    } catch (NumberFormatException e) {
      throw invalid(setting, "a whole number");
    }
  }

  /** A whole number from {@code min} to {@code max}, inclusive. */
  public int integer(Setting setting, int min, int max) {
    int value = integer(setting);
    if (value < min || value > max) {
      throw invalid(setting, "a whole number from " + min + " to " + max);
    }
    return value;
  }

  public Duration duration(Setting setting) {
    Matcher m = DURATION.matcher(get(setting).trim());
    if (!m.matches()) {
      throw invalid(setting, "a duration such as 500ms, 10s, 2m, 1h or 30d");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2) == null ? "s" : m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofSeconds(amount);
    };
  }

  /** {@code low-high}, inclusive. */
  public int[] range(Setting setting) {
    String[] parts = get(setting).trim().split("\\s*-\\s*");
    try {
      int low = Integer.parseInt(parts[0]);
      int high = Integer.parseInt(parts[1]);
      if (parts.length == 2 && low >= 1 && high <= 65535 && low <= high) {
        return new int[] {low, high};
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw invalid(setting, "a port range such as 40000-45000");
  }

  /** The settings under a driver section ({@code scheduler}, {@code kv}, {@code ledger}), prefix removed. */
  public Map<String, String> driverSettings(String section) {
    String prefix = section + ".settings.";
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** Where a setting's value came from: default, a file position, an environment variable. */
  public String origin(Setting setting) {
    return origins.getOrDefault(setting.key(), "default");
  }

  private ConfigException invalid(Setting setting, String expected) {
    String shown = setting.secret() ? "(secret)" : "'" + get(setting) + "'";
    return new ConfigException(origin(setting) + ": " + setting.key() + ": expected " + expected + ", found " + shown);
  }

  /** Reads a secret from the file a setting names, or the environment variable another names. */
  public Optional<String> secret(Setting fileSetting, Optional<Setting> envSetting, Map<String, String> environment) {
    Optional<String> fromFile = optional(fileSetting).map(path -> {
      try {
        return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new ConfigException(origin(fileSetting) + ": " + fileSetting.key() + ": cannot read " + path);
      }
    });
    if (fromFile.isPresent()) {
      return fromFile;
    }
    return envSetting.flatMap(this::optional).map(name -> {
      String value = environment.get(name);
      if (value == null) {
        throw new ConfigException(origin(envSetting.get()) + ": " + envSetting.get().key()
            + ": environment variable " + name + " is not set");
      }
      return value;
    });
  }

}
