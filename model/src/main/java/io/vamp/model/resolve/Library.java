package io.vamp.model.resolve;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Kind;
import io.vamp.model.artifact.Ref;
import io.vamp.model.problem.Problems;
import io.vamp.model.read.Suggestions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The repository's named artifacts by kind and name, and reference lookup with problems. */
final class Library {
  private final Map<Kind, Map<String, Artifact>> byKind = new HashMap<>();
  private final Problems problems;

  Library(Iterable<Artifact> artifacts, Problems problems) {
    this.problems = problems;
    for (Artifact artifact : artifacts) {
      byKind.computeIfAbsent(artifact.kind(), k -> new HashMap<>()).put(artifact.name(), artifact);
    }
  }

  <T extends Artifact> Optional<T> find(Kind kind, String name, Class<T> type) {
    return Optional.ofNullable(byKind.getOrDefault(kind, Map.of()).get(name)).map(type::cast);
  }

  Map<String, Artifact> all(Kind kind) {
    return byKind.getOrDefault(kind, Map.of());
  }

  /** The artifact a reference names, or the inline one; a missing one is a problem at the reference. */
  <T extends Artifact> Optional<T> resolve(Ref<T> ref, Kind kind, Class<T> type, String path) {
    if (ref instanceof Ref.Inline<T> inline) {
      return Optional.of(inline.value());
    }
    Optional<T> found = find(kind, ref.name(), type);
    if (found.isEmpty()) {
      problems.add(ref.position(), path, "unresolved reference: no " + kind.dsl() + " named '" + ref.name() + "'"
          + Suggestions.hint(ref.name(), all(kind).keySet()));
    }
    return found;
  }
}
