package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service level agreement on a cluster: when the response time over a sliding window leaves the
 * thresholds, the escalations run.
 *
 * @param type only {@code response_time_sliding_window} is known
 */
public record Sla(
    String name,
    Map<String, String> metadata,
    String type,
    Duration upper,
    Duration lower,
    Duration interval,
    Duration cooldown,
    List<Ref<Escalation>> escalations,
    Position position) implements Artifact {

  public static final String RESPONSE_TIME_SLIDING_WINDOW = "response_time_sliding_window";

  public Sla {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(upper, "upper");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(cooldown, "cooldown");
    escalations = List.copyOf(escalations);
    Objects.requireNonNull(position, "position");
  }

  @Override
  public Kind kind() {
    return Kind.SLA;
  }
}
