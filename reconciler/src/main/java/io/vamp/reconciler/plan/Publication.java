package io.vamp.reconciler.plan;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What the reconciler writes to the key-value store for the gateway agents: key to text. Two keys:
 * the gateways as JSON ({@code /vamp/<ns>/gateways}) and the rendered HAProxy configuration
 * ({@code /vamp/<ns>/gateways/haproxy/<major.minor>/configuration}).
 */
public record Publication(Map<String, String> values) {
  public Publication {
    values = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(values));
    values.values().forEach(Objects::requireNonNull);
  }

  /** Whether the store already holds exactly these values. */
  public boolean matches(Map<String, String> published) {
    return values.entrySet().stream().allMatch(e -> e.getValue().equals(published.get(e.getKey())));
  }
}
