package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * The size of a service: CPUs and memory per instance, and the number of instances.
 *
 * @param memoryMb memory per instance in mebibytes
 */
public record Scale(
    String name, Map<String, String> metadata, BigDecimal cpu, long memoryMb, int instances, Position position)
    implements Artifact {

  public Scale {
    Objects.requireNonNull(name, "name");
    metadata = Map.copyOf(metadata);
    Objects.requireNonNull(cpu, "cpu");
    if (cpu.signum() < 0 || memoryMb < 0 || instances < 0) {
      throw new IllegalArgumentException("scale values must not be negative");
    }
  }

  @Override
  public Kind kind() {
    return Kind.SCALE;
  }
}
