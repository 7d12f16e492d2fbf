package io.vamp.reconciler.config;

import java.util.Locale;
import java.util.Objects;

/**
 * One configuration setting: its YAML key (dotted path), the environment variable that overrides it,
 * its default (empty when none) and what it means. The table of all of them is {@link Settings}; the
 * configuration reference is generated from it, so documentation and code cannot drift apart.
 *
 * @param secret read only from a file or an environment variable, never printed
 */
public record Setting(String key, String defaultValue, boolean secret, String description) {
  public Setting {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(description, "description");
  }

  /** {@code VAMP_} and the key upper-cased, dots and dashes as underscores: {@code scheduler.driver} → {@code VAMP_SCHEDULER_DRIVER}. */
  public String environmentVariable() {
    return "VAMP_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
