package io.vamp.reconciler.review;

import java.util.Objects;
import java.util.Optional;

/**
 * One field of a workload or a gateway, before and after.
 *
 * @param group what part of the thing it is: {@code deployable}, {@code environment}, {@code port}...
 * @param key inside the group, e.g. the variable's name; "" for a group that is one value
 * @param change whether the field is new, changed or gone
 * @param before absent when the field is new
 * @param after absent when the field is gone
 * @param masked the value looks secret: {@code before} and {@code after} hold {@link #HIDDEN}, never
 *     the value, and only whether it was set, changed or unset is shown
 */
public record FieldChange(String group, String key, Change change, Optional<String> before,
    Optional<String> after, boolean masked) {

  public static final String HIDDEN = "(hidden)";

  public FieldChange {
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (masked) {
      before = before.map(v -> HIDDEN);
      after = after.map(v -> HIDDEN);
    }
  }

  /** The field's change, decided on the real values before any are hidden. */
  static FieldChange of(String group, String key, Optional<String> before, Optional<String> after,
      boolean masked) {
    return new FieldChange(group, key, Change.between(before, after, before.equals(after)), before, after, masked);
  }

  /** {@code group.key}, or the group alone. */
  public String field() {
    return key.isEmpty() ? group : group + "." + key;
  }
}
