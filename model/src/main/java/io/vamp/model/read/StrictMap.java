package io.vamp.model.read;

import io.vamp.model.problem.Problems;
import io.vamp.model.yaml.YNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A YAML map read strictly: each key the reader asks for is marked as read; {@link #finish()} reports
 * every key nobody asked for as unknown, with the closest known key as a hint.
 */
final class StrictMap {
  private final YNode.Mapping mapping;
  private final String path;
  private final Problems problems;
  private final Map<String, YNode.Entry> entries = new LinkedHashMap<>();
  private final Set<String> read = new LinkedHashSet<>();
  private final Set<String> known = new LinkedHashSet<>();

  StrictMap(YNode.Mapping mapping, String path, Problems problems) {
    this.mapping = mapping;
    this.path = path;
    this.problems = problems;
    for (YNode.Entry entry : mapping.entries()) {
      entries.put(entry.key().value(), entry);
    }
  }

  YNode.Mapping node() {
    return mapping;
  }

  String path() {
    return path;
  }

  /** The path of {@code key} in this map; the empty key stands for the map itself. */
  String path(String key) {
    if (key.isEmpty()) {
      return path;
    }
    return path.isEmpty() ? key : path + "." + key;
  }

  boolean has(String key) {
    return entries.containsKey(key);
  }

  /** The value of the first of {@code names} present; more than one present is a problem. */
  Optional<YNode> take(String name, String... aliases) {
    known.add(name);
    YNode.Entry found = null;
    for (String candidate : withAliases(name, aliases)) {
      known.add(candidate);
      YNode.Entry entry = entries.get(candidate);
      if (entry == null) {
        continue;
      }
      read.add(candidate);
      if (found != null) {
        problems.add(entry.key().position(), path(candidate),
            "'" + candidate + "' and '" + found.key().value() + "' mean the same: give only one");
        continue;
      }
      found = entry;
    }
    return Optional.ofNullable(found).map(YNode.Entry::value);
  }

  /** The key node of an entry, for positions. */
  Optional<YNode.Scalar> keyOf(String name) {
    return Optional.ofNullable(entries.get(name)).map(YNode.Entry::key);
  }

  /** Marks every remaining entry as read and returns them (for maps whose keys are names). */
  List<YNode.Entry> rest() {
    List<YNode.Entry> rest = new ArrayList<>();
    for (YNode.Entry entry : mapping.entries()) {
      if (read.add(entry.key().value())) {
        rest.add(entry);
      }
    }
    return rest;
  }

  /** Reports keys that were never asked for. */
  void finish() {
    for (YNode.Entry entry : mapping.entries()) {
      String key = entry.key().value();
      if (!read.contains(key)) {
        String hint = Suggestions.hint(key, known);
        String expected = known.isEmpty() ? "" : " (expected one of: " + String.join(", ", known) + ")";
        problems.add(entry.key().position(), path(key), "unknown key '" + Names.printable(key) + "'"
            + (hint.isEmpty() ? expected : hint));
      }
    }
  }

  private static List<String> withAliases(String name, String... aliases) {
    List<String> all = new ArrayList<>();
    all.add(name);
    all.addAll(List.of(aliases));
    return all;
  }
}
