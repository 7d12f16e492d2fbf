package io.vamp.driver.spi.scheduler;

import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Objects;

/**
 * A workload as the scheduler reports it.
 *
 * @param digest the {@link io.vamp.model.state.Workload#digest()} it was deployed with
 * @param wantedInstances how many instances the scheduler is asked to keep
 */
public record ObservedWorkload(WorkloadId id, String digest, int wantedInstances, List<Instance> instances) {

  public ObservedWorkload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(digest, "digest");
    instances = List.copyOf(instances);
  }

  public Readiness readiness() {
    long ready = instances.stream().filter(Instance::ready).count();
    return new Readiness(ready >= wantedInstances, (int) ready, wantedInstances,
        ready + "/" + wantedInstances + " instances ready");
  }
}
