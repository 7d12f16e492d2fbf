package io.vamp.reconciler.review;

import io.vamp.model.state.DesiredState;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What moving from base to head would do. When head is invalid there is nothing to compare: the
 * lists are empty and {@link #head()} carries the problems (a revision with problems is never
 * applied). When base is invalid it is compared as if empty, and {@link #base()} carries its problems.
 *
 * @param baseState what base resolves to (empty when base is invalid), for sections that render it
 * @param headState what head resolves to (empty when head is invalid)
 */
public record Review(Side base, Side head, List<ArtifactChange> artifacts, List<WorkloadChange> workloads,
    List<GatewayChange> gateways, DesiredState baseState, DesiredState headState) {

  public Review {
    Objects.requireNonNull(base, "base");
    Objects.requireNonNull(head, "head");
    artifacts = artifacts.stream().sorted(ArtifactChange.ORDER).toList();
    workloads = workloads.stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
    gateways = gateways.stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    Objects.requireNonNull(baseState, "baseState");
    Objects.requireNonNull(headState, "headState");
  }

  /** Whether head can be applied at all. */
  public boolean valid() {
    return head.valid();
  }

  public boolean hasChanges() {
    return !artifacts.isEmpty() || !workloads.isEmpty() || !gateways.isEmpty();
  }

  /** {@code vamp plan}'s exit code: 1 invalid head, 2 changes, 0 nothing changes. */
  public int exitCode() {
    return !valid() ? 1 : hasChanges() ? 2 : 0;
  }

  /**
   * One line for a pull request, e.g. {@code 1 workload to create, 2 to update; gateway
   * sava/sava/web: weights change; artifacts: 1 changed}.
   */
  public String summary() {
    if (!valid()) {
      return "head is invalid: " + Texts.count(head.problems().size(), "problem");
    }
    if (!hasChanges()) {
      return "no changes";
    }
    List<String> parts = new ArrayList<>();
    List<String> counts = new ArrayList<>();
    for (Change change : List.of(Change.ADDED, Change.CHANGED, Change.REMOVED)) {
      long n = workloads.stream().filter(w -> w.change() == change).count();
      if (n > 0) {
        counts.add((counts.isEmpty() ? Texts.count((int) n, "workload") : Long.toString(n))
            + " to " + change.workloadVerb());
      }
    }
    if (!counts.isEmpty()) {
      parts.add(String.join(", ", counts));
    }
    for (GatewayChange gateway : gateways) {
      parts.add("gateway " + gateway.name() + ": " + String.join(", ", gateway.aspects()));
    }
    List<String> artifactCounts = new ArrayList<>();
    for (Change change : List.of(Change.ADDED, Change.CHANGED, Change.REMOVED)) {
      long n = artifacts.stream().filter(a -> a.change() == change).count();
      if (n > 0) {
        artifactCounts.add(n + " " + change.word());
      }
    }
    if (!artifactCounts.isEmpty()) {
      parts.add("artifacts: " + String.join(", ", artifactCounts));
    }
    return String.join("; ", parts);
  }
}
