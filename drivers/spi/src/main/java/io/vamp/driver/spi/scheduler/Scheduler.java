package io.vamp.driver.spi.scheduler;

import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Optional;

/**
 * A container scheduler (or the local process supervisor). It runs {@link Workload}s and reports what
 * it runs. It only ever reports and removes workloads that carry this daemon's ownership mark for its
 * namespace: anything else on the scheduler is invisible to it.
 *
 * <p>All methods are idempotent: deploying a workload that already runs with the same digest does
 * nothing; removing one that is gone does nothing.
 *
 * <p>Thread-safe: the daemon deploys the workloads of one revision several at a time
 * ({@code apply.parallelism}), so {@link #deploy} and {@link #remove} may run concurrently for different
 * workloads, and {@link #observe} beside them. It never runs two calls for the same workload at once.
 */
public interface Scheduler extends AutoCloseable {

  /** Every workload this daemon owns, as the scheduler sees it now, sorted by id. */
  List<ObservedWorkload> observe();

  /** The observed state of one workload, if it exists. */
  Optional<ObservedWorkload> observe(WorkloadId id);

  /** Creates the workload, or changes the running one to match (its digest tells whether it differs). */
  void deploy(Workload workload);

  /** Stops and removes the workload and everything the scheduler made for it. */
  void remove(WorkloadId id);

  /** Readiness of one workload: all wanted instances run the current digest and pass health checks. */
  default Readiness readiness(WorkloadId id) {
    return observe(id).map(ObservedWorkload::readiness).orElse(Readiness.missing());
  }

  /** The instances of a workload, for routing: address and ports. */
  default List<Instance> instances(WorkloadId id) {
    return observe(id).map(ObservedWorkload::instances).orElse(List.of());
  }

  /**
   * How this scheduler makes the gateway agents' ports reachable, if it has to (Kubernetes: a Service);
   * empty (the default) when the agents are reached directly. The daemon calls it with the desired
   * gateways after each successful reconciliation, while it leads.
   */
  default Optional<GatewayExposure> gatewayExposure() {
    return Optional.empty();
  }

  @Override
  void close();
}
