package io.vamp.model.artifact;

import io.vamp.model.condition.Condition;
import io.vamp.model.problem.Position;
import java.util.Map;
import java.util.Objects;

/**
 * A routing condition, named (a {@code condition} artifact) or inline on a route.
 *
 * @param text the condition as written
 * @param parsed its syntax tree
 */
public record ConditionArtifact(
    String name, Map<String, String> metadata, String text, Condition parsed, Position position)
    implements Artifact {

  public ConditionArtifact {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(parsed, "parsed");
    Objects.requireNonNull(position, "position");
  }

  @Override
  public Kind kind() {
    return Kind.CONDITION;
  }
}
