package io.vamp.model.state;

import java.util.Comparator;
import java.util.Objects;

/** A workload's stable identity: {@code deployment/cluster/service} (the service is its breed's name). */
public record WorkloadId(String deployment, String cluster, String service) implements Comparable<WorkloadId> {

  private static final Comparator<WorkloadId> ORDER = Comparator.comparing(WorkloadId::deployment)
      .thenComparing(WorkloadId::cluster).thenComparing(WorkloadId::service);

  public WorkloadId {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(cluster, "cluster");
    Objects.requireNonNull(service, "service");
  }

  /** Parses {@code deployment/cluster/service}. */
  public static WorkloadId parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException("not a workload id (deployment/cluster/service): " + text);
    }
    return new WorkloadId(parts[0], parts[1], parts[2]);
  }

  @Override
  public int compareTo(WorkloadId other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return deployment + "/" + cluster + "/" + service;
  }
}
