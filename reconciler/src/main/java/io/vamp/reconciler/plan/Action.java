package io.vamp.reconciler.plan;

import io.vamp.model.state.Gateway;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One step of a plan. The closed set of what the reconciler ever does to the world. */
public sealed interface Action permits Action.Deploy, Action.WaitReady, Action.PublishGateways, Action.Undeploy {

  /** A short type name for the ledger and logs: deploy, update, wait-ready, publish-gateways, undeploy. */
  String type();

  /** What the action acts on, for the ledger and logs. */
  String target();

  /** Creates a workload, or updates one that runs with another digest. */
  record Deploy(Workload workload, Optional<String> runningDigest) implements Action {
    public Deploy {
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(runningDigest, "runningDigest");
    }

    public boolean isUpdate() {
      return runningDigest.isPresent();
    }

    @Override
    public String type() {
      return isUpdate() ? "update" : "deploy";
    }

    @Override
    public String target() {
      return workload.id().toString();
    }
  }

  /** Waits, bounded, until every listed workload is ready; no route reaches them before. */
  record WaitReady(List<WorkloadId> workloads, Duration timeout) implements Action {
    public WaitReady {
      workloads = List.copyOf(workloads);
      Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String type() {
      return "wait-ready";
    }

    @Override
    public String target() {
      return workloads.stream().map(WorkloadId::toString).sorted().reduce((a, b) -> a + "," + b).orElse("");
    }
  }

  /**
   * Writes the gateway configuration to the key-value store, for the gateway agents. The document is
   * built when the action runs, from the instances the scheduler reports then.
   */
  record PublishGateways(String key, List<Gateway> gateways, List<Workload> workloads) implements Action {
    public PublishGateways {
      Objects.requireNonNull(key, "key");
      gateways = List.copyOf(gateways);
      workloads = List.copyOf(workloads);
    }

    @Override
    public String type() {
      return "publish-gateways";
    }

    @Override
    public String target() {
      return key;
    }
  }

  /** Stops and removes a workload this daemon owns and no route points at any more. */
  record Undeploy(WorkloadId workload) implements Action {
    public Undeploy {
      Objects.requireNonNull(workload, "workload");
    }

    @Override
    public String type() {
      return "undeploy";
    }

    @Override
    public String target() {
      return workload.toString();
    }
  }
}
