package io.vamp.model.artifact;

import java.util.Objects;

/**
 * A URL path rewrite on a route: {@code path: NEW_PATH if CONDITION}, both in HAProxy's own syntax
 * (e.g. {@code /img/%[path] if { path_beg /images }}), restricted to a safe character set on reading.
 */
public record Rewrite(String path, String condition) {
  public Rewrite {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(condition, "condition");
  }

  public String dsl() {
    return path + " if " + condition;
  }
}
