package io.vamp.reconciler.daemon;

import io.vamp.model.problem.Problem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the daemon says about itself: Flux-like vocabulary (ready / reconciling / stalled), the last
 * applied and the last attempted revision, and the last problems.
 *
 * @param phase {@code starting}, {@code reconciling}, {@code ready} (last attempt applied),
 *     {@code stalled} (last attempt rejected or failed; the last applied revision keeps running)
 */
public record Status(
    String phase,
    Optional<RevisionSummary> lastApplied,
    Optional<RevisionSummary> lastAttempted,
    List<Problem> problems,
    Optional<Instant> lastObservedAt) {

  public Status {
    problems = List.copyOf(problems);
  }

  /** A revision and how it ended. */
  public record RevisionSummary(String sha, String message, String outcome, String detail, Instant at) {}
}
