package io.vamp.model.read;

import java.util.Objects;

/**
 * A file of a repository revision: its path relative to the repository's artifact root, with '/'
 * separators, and its text.
 */
public record SourceFile(String path, String text) {
  public SourceFile {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(text, "text");
    if (path.startsWith("/") || path.contains("\\")) {
      throw new IllegalArgumentException("a source path is relative and '/'-separated: " + path);
    }
  }

  /** Whether the DSL reads this file: YAML by its extension. */
  public boolean isYaml() {
    return path.endsWith(".yaml") || path.endsWith(".yml");
  }
}
