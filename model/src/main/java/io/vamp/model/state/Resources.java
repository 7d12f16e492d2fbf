package io.vamp.model.state;

import java.math.BigDecimal;
import java.util.Objects;

/** Per instance CPU and memory (MiB), and how many instances. */
public record Resources(BigDecimal cpu, long memoryMb, int instances) {
  public static final Resources DEFAULT = new Resources(BigDecimal.ONE.divide(BigDecimal.TEN), 128, 1);

  public Resources {
    Objects.requireNonNull(cpu, "cpu");
    cpu = cpu.stripTrailingZeros();
  }
}
