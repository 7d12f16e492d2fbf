package io.vamp.model.artifact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Scheduler-specific settings ({@code marathon:}, {@code kubernetes:}, {@code docker:}, {@code local:})
 * passed through to the driver of that name. Values are immutable trees of maps, lists, texts,
 * numbers, booleans and nulls (as {@link java.util.Optional#empty()} is not allowed in maps, nulls are
 * kept as {@link #NULL}).
 */
public record Dialects(Map<String, Map<String, Object>> byScheduler) {

  public static final Dialects NONE = new Dialects(Map.of());

  /** Stands for a YAML null inside a dialect tree. */
  public static final Object NULL = new Object() {
    @Override
    public String toString() {
      return "null";
    }
  };

  public Dialects {
    Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
    byScheduler.forEach((k, v) -> copy.put(Objects.requireNonNull(k), deepCopy(v)));
    byScheduler = Collections.unmodifiableMap(copy);
  }

  public boolean isEmpty() {
    return byScheduler.isEmpty();
  }

  /** These dialects with {@code more} merged over them, key by key (more specific scopes win). */
  public Dialects overriddenBy(Dialects more) {
    Map<String, Map<String, Object>> merged = new LinkedHashMap<>(byScheduler);
    more.byScheduler.forEach((scheduler, tree) -> merged.merge(scheduler, tree, Dialects::mergeTrees));
    return new Dialects(merged);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mergeTrees(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    over.forEach((k, v) -> merged.merge(k, v, (a, b) ->
        a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm
            ? mergeTrees((Map<String, Object>) am, (Map<String, Object>) bm) : b));
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static <T> T deepCopy(T value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put((String) k, deepCopy(v)));
      return (T) Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return (T) Collections.unmodifiableList(copy);
    }
    return Objects.requireNonNull(value, "dialect values are never null; use Dialects.NULL");
  }
}
