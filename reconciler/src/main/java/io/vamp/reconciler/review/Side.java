package io.vamp.reconciler.review;

import io.vamp.model.problem.Problem;
import java.util.List;
import java.util.Objects;

/**
 * A revision as the review reports it: how it was named, its commit, and its problems (paths from
 * the repository root). A side with problems does not resolve: an invalid head is the whole answer,
 * an invalid base is compared as if it were empty.
 */
public record Side(String rev, String sha, List<Problem> problems) {
  public Side {
    Objects.requireNonNull(rev, "rev");
    Objects.requireNonNull(sha, "sha");
    problems = problems.stream().sorted(Problem.ORDER).toList();
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** The revision as named, unless it was named by (a prefix of) its sha, which says nothing more. */
  public java.util.Optional<String> name() {
    boolean bySha = rev.length() >= 4 && sha.startsWith(rev.toLowerCase(java.util.Locale.ROOT));
    return bySha ? java.util.Optional.empty() : java.util.Optional.of(rev);
  }

  /** The first 7 hex digits of a sha, as Git abbreviates; anything else (a revision's name) whole. */
  public String shortSha() {
    return sha.matches("[0-9a-f]{40}") ? sha.substring(0, 7) : sha;
  }
}
