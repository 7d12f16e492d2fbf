package io.vamp.reconciler.review;

import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Objects;

/**
 * A workload to create (its fields as they will be), update (the fields that change) or remove (no
 * fields).
 */
public record WorkloadChange(WorkloadId id, Change change, List<FieldChange> fields) {
  public WorkloadChange {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(change, "change");
    fields = List.copyOf(fields);
  }
}
