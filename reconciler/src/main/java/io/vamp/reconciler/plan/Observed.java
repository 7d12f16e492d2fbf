package io.vamp.reconciler.plan;

import io.vamp.driver.spi.ledger.Inventory;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the world looks like before planning: the workloads the scheduler reports (only ours), the
 * gateways document in the key-value store, and the inventory of what this daemon owns.
 */
public record Observed(List<ObservedWorkload> workloads, Optional<String> publishedGateways, Inventory inventory) {
  public Observed {
    workloads = List.copyOf(workloads);
    Objects.requireNonNull(publishedGateways, "publishedGateways");
    Objects.requireNonNull(inventory, "inventory");
  }
}
