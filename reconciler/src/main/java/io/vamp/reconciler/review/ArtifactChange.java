package io.vamp.reconciler.review;

import io.vamp.model.artifact.Kind;
import java.util.Comparator;
import java.util.Objects;

/** An artifact added, changed or removed, by kind and name. */
public record ArtifactChange(Kind kind, String name, Change change) {

  static final Comparator<ArtifactChange> ORDER =
      Comparator.comparing(ArtifactChange::kind).thenComparing(ArtifactChange::name);

  public ArtifactChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(change, "change");
  }
}
