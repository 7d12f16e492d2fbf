package io.vamp.reconciler.plan;

import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pairs desired with observed workloads and orders the actions so traffic never reaches a workload
 * that is not ready or already gone: (1) create and update workloads, (2) wait until they are ready,
 * (3) publish the gateways, (4) remove the workloads no route points at any more. Pure and
 * deterministic: the same inputs give the same plan, and a converged world gives an empty one.
 */
public final class Planner {
  private final Publisher publisher;
  private final Duration readyTimeout;

  public Planner(Publisher publisher, Duration readyTimeout) {
    this.publisher = publisher;
    this.readyTimeout = readyTimeout;
  }

  public Plan plan(DesiredState desired, Observed observed) {
    Map<WorkloadId, Workload> wanted = new TreeMap<>();
    desired.workloads().forEach(w -> wanted.put(w.id(), w));
    Map<WorkloadId, ObservedWorkload> running = new TreeMap<>();
    observed.workloads().forEach(w -> running.put(w.id(), w));
    Set<WorkloadId> all = new TreeSet<>(wanted.keySet());
    all.addAll(running.keySet());

    List<Decision> decisions = new ArrayList<>();
    List<Action> deploys = new ArrayList<>();
    List<WorkloadId> toWaitFor = new ArrayList<>();
    List<WorkloadId> notReady = new ArrayList<>();
    List<Action> removals = new ArrayList<>();
    for (WorkloadId id : all) {
      Workload want = wanted.get(id);
      ObservedWorkload have = running.get(id);
      Decision decision = decide(id, want, have, observed);
      decisions.add(decision);
      switch (decision.kind()) {
        case CREATE -> {
          deploys.add(new Action.Deploy(want, java.util.Optional.empty()));
          toWaitFor.add(id);
        }
        case UPDATE -> {
          deploys.add(new Action.Deploy(want, java.util.Optional.of(have.digest())));
          toWaitFor.add(id);
        }
        case DELETE -> removals.add(new Action.Undeploy(id));
        case NOOP -> {
          if (!have.readiness().ready()) {
            notReady.add(id);
          }
        }
        case FOREIGN -> { }
      }
    }

    List<Action> actions = new ArrayList<>(deploys);
    Publication current = publisher.publication(desired.gateways(), desired.workloads(), observed.workloads());
    boolean publish = !deploys.isEmpty() || !removals.isEmpty() || !current.matches(observed.published());
    if (publish) {
      // nothing is routed to a workload before it is ready: also those deployed earlier and not ready yet
      toWaitFor.addAll(notReady);
    }
    if (!toWaitFor.isEmpty()) {
      actions.add(new Action.WaitReady(toWaitFor.stream().sorted().toList(), readyTimeout));
    }
    if (publish) {
      actions.add(new Action.PublishGateways(GatewayDocument.key(publisher.namespace()), desired.gateways(),
          desired.workloads()));
    }
    actions.addAll(removals);
    return new Plan(decisions, actions);
  }

  private static Decision decide(WorkloadId id, Workload want, ObservedWorkload have, Observed observed) {
    if (want != null && have == null) {
      return new Decision(id, Decision.Kind.CREATE, "desired, not running");
    }
    if (want != null) {
      return want.digest().equals(have.digest())
          ? new Decision(id, Decision.Kind.NOOP, "running as desired (digest " + have.digest() + ")")
          : new Decision(id, Decision.Kind.UPDATE, "running digest " + have.digest() + ", desired " + want.digest());
    }
    if (observed.inventory().workloads().contains(id.toString())) {
      return new Decision(id, Decision.Kind.DELETE, "owned and no longer desired");
    }
    return new Decision(id, Decision.Kind.FOREIGN, "not desired and not in this daemon's inventory: left alone");
  }
}
