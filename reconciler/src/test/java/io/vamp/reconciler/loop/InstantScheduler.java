package io.vamp.reconciler.loop;

import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scheduler for the reconciler's tests: it runs what it is given at once, with one ready instance
 * ({@code 127.0.0.1}, port {@code http} 80) of the digest deployed. Subclasses add what a test watches.
 */
public class InstantScheduler implements Scheduler {
  private final Map<WorkloadId, Workload> running = new ConcurrentHashMap<>();

  @Override
  public List<ObservedWorkload> observe() {
    return running.values().stream().sorted().map(w -> new ObservedWorkload(w.id(), w.digest(), 1,
        List.of(new Instance("i", "127.0.0.1", Map.of("http", 80), true, Optional.of(w.digest()))))).toList();
  }

  @Override
  public Optional<ObservedWorkload> observe(WorkloadId id) {
    return observe().stream().filter(o -> o.id().equals(id)).findFirst();
  }

  @Override
  public void deploy(Workload workload) {
    running.put(workload.id(), workload);
  }

  @Override
  public void remove(WorkloadId id) {
    running.remove(id);
  }

  @Override
  public void close() {
    running.clear();
  }
}
