package io.vamp.reconciler.review;

import io.vamp.model.problem.Problem;
import io.vamp.model.read.SourceFile;
import java.util.List;
import java.util.Objects;

/**
 * One side of a review: the repository's files at a revision.
 *
 * @param rev the revision as the user named it ({@code main}, {@code HEAD~1}, a sha)
 * @param sha the commit it names
 * @param subPath the directory of the repository the files were read from ("" for the root);
 *     problems are reported with it in front, so their paths are the repository's
 * @param files the YAML files, paths relative to {@code subPath}
 * @param unreadable why the files could not be read (too large, not UTF-8...), paths from the
 *     repository root; when not empty, {@code files} is ignored and the side is invalid
 */
public record Snapshot(String rev, String sha, String subPath, List<SourceFile> files, List<Problem> unreadable) {
  public Snapshot {
    Objects.requireNonNull(rev, "rev");
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(subPath, "subPath");
    files = List.copyOf(files);
    unreadable = List.copyOf(unreadable);
  }

  /** A revision read in full. */
  public static Snapshot of(String rev, String sha, String subPath, List<SourceFile> files) {
    return new Snapshot(rev, sha, subPath, files, List.of());
  }

  /** A revision whose files could not be read; {@code sha} may be the revision as named. */
  public static Snapshot unreadable(String rev, String sha, String subPath, List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an unreadable snapshot needs its problems");
    }
    return new Snapshot(rev, sha, subPath, List.of(), problems);
  }
}
