package io.vamp.reconciler.plan;

import io.vamp.model.state.WorkloadId;
import java.util.Objects;

/**
 * How one workload's desired and observed states pair up; every pairing is one of these and is
 * logged, so "why did it do that" has an answer.
 */
public record Decision(WorkloadId workload, Kind kind, String reason) {

  public enum Kind {
    /** Desired, not running: deploy. */
    CREATE,
    /** Desired and running with another digest: update. */
    UPDATE,
    /** Desired and running as desired. */
    NOOP,
    /** Running, owned by us, no longer desired: remove after gateways stop routing to it. */
    DELETE,
    /** Running and not desired, but not in our inventory: never touched. */
    FOREIGN
  }

  public Decision {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reason, "reason");
  }
}
