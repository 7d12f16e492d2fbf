package io.vamp.reconciler.review;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.write.ArtifactWriter;

/**
 * An artifact's content without where or how it was written: two artifacts are the same when their
 * forms are equal, so moving a document to another file, reformatting it (flow or block style,
 * shorthands) or editing a comment is no change.
 */
final class ArtifactForm {
  private ArtifactForm() {}

  /** The artifact's canonical YAML. */
  static String of(Artifact artifact) {
    return ArtifactWriter.write(artifact);
  }
}
