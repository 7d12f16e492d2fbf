package io.vamp.model.state;

import java.math.BigDecimal;
import java.util.Objects;

/** Per instance CPU and memory (MiB), and how many instances. */
public record Resources(BigDecimal cpu, long memoryMb, int instances) {
  /** No scale given: one instance, no CPU or memory request. */
  public static final Resources DEFAULT = new Resources(BigDecimal.ZERO, 0, 1);

  public Resources {
    Objects.requireNonNull(cpu, "cpu");
    cpu = cpu.stripTrailingZeros();
  }
}
