package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** What an SLA does when it escalates or de-escalates. */
public record Escalation(String name, Map<String, String> metadata, Action action, Position position)
    implements Artifact {

  public Escalation {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(position, "position");
  }

  @Override
  public Kind kind() {
    return Kind.ESCALATION;
  }

  /** The closed set of escalation handlers. */
  public sealed interface Action
      permits ScaleInstances, ScaleCpu, ScaleMemory, ToAll, ToOne {}

  /** Scale the first service of the target cluster (default: the SLA's own) by instances. */
  public record ScaleInstances(Optional<String> target, int minimum, int maximum, int scaleBy) implements Action {}

  public record ScaleCpu(Optional<String> target, BigDecimal minimum, BigDecimal maximum, BigDecimal scaleBy)
      implements Action {}

  /** Memory bounds and step in mebibytes. */
  public record ScaleMemory(Optional<String> target, long minimum, long maximum, long scaleBy) implements Action {}

  /** Every handler in the list gets the event. */
  public record ToAll(List<Ref<Escalation>> escalations) implements Action {
    public ToAll {
      escalations = List.copyOf(escalations);
    }
  }

  /** The first handler that can handle the event gets it (from the end when de-escalating). */
  public record ToOne(List<Ref<Escalation>> escalations) implements Action {
    public ToOne {
      escalations = List.copyOf(escalations);
    }
  }
}
