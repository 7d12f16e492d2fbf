package io.vamp.driver.spi.scheduler;

import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Objects;

/**
 * A workload as the scheduler reports it.
 *
 * @param digest the {@link io.vamp.model.state.Workload#digest()} it was deployed with
 * @param wantedInstances how many instances the scheduler is asked to keep
 * @param instances every running instance, those of an older digest still serving during an update
 *     included (see {@link Instance#digest()})
 */
public record ObservedWorkload(WorkloadId id, String digest, int wantedInstances, List<Instance> instances) {

  public ObservedWorkload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(digest, "digest");
    instances = List.copyOf(instances);
  }

  /** Ready when at least {@code wantedInstances} instances of the current digest pass their checks. */
  public Readiness readiness() {
    long ready = instances.stream().filter(i -> i.ready() && i.runs(digest)).count();
    return new Readiness(ready >= wantedInstances, (int) ready, wantedInstances,
        ready + "/" + wantedInstances + " instances ready");
  }
}
