package io.vamp.driver.spi.ledger;

import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What this daemon owns: the workloads and gateways it created and has not removed, and the revision
 * that last changed the set. Only what is in the inventory is ever pruned.
 */
public record Inventory(SortedSet<String> workloads, SortedSet<String> gateways, String revision) {

  public static final Inventory EMPTY = new Inventory(Set.of(), Set.of(), "");

  public Inventory(Set<String> workloads, Set<String> gateways, String revision) {
    this(sorted(workloads), sorted(gateways), revision);
  }

  public Inventory {
    workloads = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(workloads));
    gateways = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(gateways));
    Objects.requireNonNull(revision, "revision");
  }

  private static SortedSet<String> sorted(Set<String> items) {
    return new TreeSet<>(items);
  }
}
