package io.vamp.reconciler.plan;

import io.vamp.driver.spi.ledger.Inventory;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import java.util.List;
import java.util.Objects;
import java.util.Map;

/**
 * What the world looks like before planning: the workloads the scheduler reports (only ours), what
 * the key-value store holds under the publication's keys, and the inventory of what this daemon owns.
 */
public record Observed(List<ObservedWorkload> workloads, Map<String, String> published, Inventory inventory) {
  public Observed {
    workloads = List.copyOf(workloads);
    published = Map.copyOf(published);
    Objects.requireNonNull(inventory, "inventory");
  }
}
