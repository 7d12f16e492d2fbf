package io.vamp.reconciler.review;

import java.util.Locale;

/** How one thing differs between base and head. */
public enum Change {
  ADDED, CHANGED, REMOVED, UNCHANGED;

  /** {@code +}, {@code ~}, {@code -} or a space, the marker in front of a line of text. */
  public char marker() {
    return switch (this) {
      case ADDED -> '+';
      case CHANGED -> '~';
      case REMOVED -> '-';
      case UNCHANGED -> ' ';
    };
  }

  /** {@code added}, {@code changed}, {@code removed} or {@code unchanged}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** What happens to a workload: {@code create}, {@code update}, {@code remove} (or {@code keep}). */
  public String workloadVerb() {
    return switch (this) {
      case ADDED -> "create";
      case CHANGED -> "update";
      case REMOVED -> "remove";
      case UNCHANGED -> "keep";
    };
  }

  static <T> Change between(java.util.Optional<T> before, java.util.Optional<T> after, boolean same) {
    if (before.isEmpty()) {
      return after.isEmpty() ? UNCHANGED : ADDED;
    }
    if (after.isEmpty()) {
      return REMOVED;
    }
    return same ? UNCHANGED : CHANGED;
  }
}
