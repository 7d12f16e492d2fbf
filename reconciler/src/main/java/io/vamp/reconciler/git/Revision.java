package io.vamp.reconciler.git;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One commit as the reconciler sees it: its identity and the yaml files under the configured
 * sub-path, read from the commit's tree (never from a working directory). Immutable.
 *
 * @param sha the commit id, 40 lowercase hex digits
 * @param parents parent commit ids, first parent first (empty for a root commit)
 * @param author who wrote the change
 * @param committer who committed it
 * @param message the full commit message
 * @param commitTime the committer's time
 * @param subPath the sub-path the files were read from, '/'-separated, "" for the root
 * @param files {@code *.yaml} / {@code *.yml} files (extension in any case) under the sub-path:
 *     path relative to the sub-path with '/' separators, sorted, to the file's UTF-8 text (a leading
 *     byte-order mark dropped). Regular files only: symlinks and submodules are skipped.
 */
public record Revision(String sha, List<String> parents, Person author, Person committer,
    String message, Instant commitTime, String subPath, SortedMap<String, String> files) {

  public Revision {
    Objects.requireNonNull(sha, "sha");
    parents = List.copyOf(parents);
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(committer, "committer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(commitTime, "commitTime");
    Objects.requireNonNull(subPath, "subPath");
    files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
  }

  /** The first line of the message. */
  public String shortMessage() {
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }

  /** The first 12 hex digits of the sha, for logs. */
  public String shortSha() {
    return sha.substring(0, Math.min(12, sha.length()));
  }

  /** Identity and size only; the file contents would flood a log. */
  @Override
  public String toString() {
    return "Revision[" + shortSha() + " \"" + shortMessage() + "\" by " + author
        + ", " + files.size() + " files under '" + subPath + "']";
  }
}
