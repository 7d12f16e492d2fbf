package io.vamp.reconciler.review;

import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.json.StateJson;
import io.vamp.model.state.Workload;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Which fields of a workload differ, variable by variable and port by port, secrets masked. */
final class WorkloadDiff {

  /** Groups in the order a reviewer reads them. */
  static final List<String> GROUPS = List.of("deployable", "ports", "environment", "resources",
      "health_checks", "arguments", "dialects", "depends_on");

  private record Key(String group, String key) implements Comparable<Key> {
    private static final List<String> RESOURCES = List.of("cpu", "memory", "instances");
    private static final Comparator<Key> ORDER = Comparator.comparingInt((Key k) -> GROUPS.indexOf(k.group))
        .thenComparingInt(k -> RESOURCES.indexOf(k.key)).thenComparing(Key::key);

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  private WorkloadDiff() {}

  static Optional<WorkloadChange> between(Optional<Workload> before, Optional<Workload> after) {
    boolean same = before.isPresent() && after.isPresent()
        && StateJson.workload(before.get()).equals(StateJson.workload(after.get()));
    Change change = Change.between(before, after, same);
    return switch (change) {
      case UNCHANGED -> Optional.empty();
      case REMOVED -> Optional.of(new WorkloadChange(before.get().id(), change, List.of()));
      case ADDED, CHANGED -> Optional.of(new WorkloadChange(after.get().id(), change,
          fields(before.map(WorkloadDiff::flatten).orElse(Map.of()), flatten(after.get()))));
    };
  }

  private static List<FieldChange> fields(Map<Key, String> before, Map<Key, String> after) {
    List<FieldChange> out = new ArrayList<>();
    for (Key key : new TreeSet<>(union(before, after))) {
      Optional<String> b = Optional.ofNullable(before.get(key));
      Optional<String> a = Optional.ofNullable(after.get(key));
      if (!b.equals(a)) {
        out.add(FieldChange.of(key.group, key.key, b, a, masked(key)));
      }
    }
    return out;
  }

  private static List<Key> union(Map<Key, String> a, Map<Key, String> b) {
    List<Key> keys = new ArrayList<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static boolean masked(Key key) {
    return switch (key.group) {
      case "environment", "arguments" -> Secrets.looksSecret(key.key);
      case "dialects" -> List.of(key.key.split("\\.")).stream().anyMatch(Secrets::looksSecret);
      default -> false;
    };
  }

  /** Every field of a workload as text; empty groups are left out (so they read as unset). */
  private static Map<Key, String> flatten(Workload w) {
    Map<Key, String> out = new TreeMap<>();
    out.put(new Key("deployable", ""), w.deployable().type().dsl() + ": " + w.deployable().definition());
    for (Port port : w.ports()) {
      out.put(new Key("ports", port.name()), port.dsl());
    }
    w.environment().forEach((name, value) -> out.put(new Key("environment", name), value));
    out.put(new Key("resources", "cpu"), w.resources().cpu().toPlainString());
    out.put(new Key("resources", "memory"), w.resources().memoryMb() + " MB");
    out.put(new Key("resources", "instances"), Integer.toString(w.resources().instances()));
    if (!w.healthChecks().isEmpty()) {
      out.put(new Key("health_checks", ""),
          w.healthChecks().stream().map(WorkloadDiff::healthCheck).collect(Collectors.joining("; ")));
    }
    w.arguments().forEach(a -> out.put(new Key("arguments", a.key()), a.value()));
    flattenTree("", w.dialects().byScheduler(), out);
    if (!w.dependsOn().isEmpty()) {
      out.put(new Key("depends_on", ""), String.join(", ", w.dependsOn()));
    }
    return out;
  }

  private static void flattenTree(String prefix, Object value, Map<Key, String> out) {
    if (value instanceof Map<?, ?> map && !map.isEmpty()) {
      new TreeMap<>(map).forEach((k, v) ->
          flattenTree(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else if (!prefix.isEmpty()) {
      out.put(new Key("dialects", prefix), dialectValue(value));
    }
  }

  private static String dialectValue(Object value) {
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return StateJson.mapper().valueToTree(plain(value)).toString();
    }
    return String.valueOf(value);
  }

  /** The tree with {@link Dialects#NULL} as a real null, for JSON. */
  private static Object plain(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new TreeMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(plain(v)));
      return out;
    }
    return value == Dialects.NULL ? null : value;
  }

  private static String healthCheck(HealthCheck check) {
    return check.protocol() + " " + check.path() + " on " + check.port()
        + ", initial delay " + Texts.duration(check.initialDelay())
        + ", every " + Texts.duration(check.interval())
        + ", timeout " + Texts.duration(check.timeout())
        + ", " + check.failures() + " failures";
  }
}
