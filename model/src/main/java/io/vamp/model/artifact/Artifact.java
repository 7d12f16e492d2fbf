package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.Map;

/** A named, top-level document of a repository. */
public sealed interface Artifact
    permits Breed, Blueprint, Deployment, GatewayArtifact, Scale, ConditionArtifact, Sla, Escalation {

  String name();

  Kind kind();

  /** Where the document starts. */
  Position position();

  /** Free-form {@code metadata} (text to text), kept and shown, never interpreted. */
  Map<String, String> metadata();
}
