package io.vamp.model.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a revision of the repository asks for, fully resolved: the workloads to run and the gateways
 * to route through, both sorted by id so the same repository always gives the same state.
 */
public record DesiredState(List<Workload> workloads, List<Gateway> gateways) {

  public static final DesiredState EMPTY = new DesiredState(List.of(), List.of());

  public DesiredState {
    workloads = workloads.stream().sorted().toList();
    gateways = gateways.stream().sorted().toList();
  }

  public Map<WorkloadId, Workload> workloadsById() {
    return workloads.stream().collect(Collectors.toMap(Workload::id, Function.identity()));
  }

  public Optional<Workload> workload(WorkloadId id) {
    return workloads.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  public Optional<Gateway> gateway(String name) {
    return gateways.stream().filter(g -> g.name().equals(name)).findFirst();
  }
}
