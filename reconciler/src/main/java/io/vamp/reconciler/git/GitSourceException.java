package io.vamp.reconciler.git;

import io.vamp.model.problem.Problem;
import java.util.List;
import java.util.Objects;

/**
 * What went wrong reading the Git source, as a {@link Failure} the daemon can act on and a message
 * a person can read. Messages name the repository with any credentials masked and never contain a
 * secret.
 */
public final class GitSourceException extends RuntimeException {

  /** The kinds of failure, and whether trying the same thing again later may succeed. */
  public enum Failure {
    /** The host or repository could not be reached: network, DNS, timeout, server error. */
    UNREACHABLE(true),
    /** The server refused the credentials (or demanded some and none were configured). */
    AUTH_REFUSED(false),
    /** The ssh server's host key is unknown, changed or revoked. */
    HOST_KEY_REJECTED(false),
    /** The server, or the local path, has no repository there. */
    REPOSITORY_NOT_FOUND(false),
    /** The repository has no such branch (retrying helps only once someone pushes it). */
    BRANCH_MISSING(false),
    /** A revision string (sha, branch, tag, {@code HEAD~1}) does not name a commit here. */
    REVISION_NOT_FOUND(false),
    /** The revision's files break a limit or are not UTF-8 text: see {@link #problems()}. */
    CONTENT_REJECTED(false),
    /** A secret file is missing or unreadable, or an environment variable is unset. */
    CREDENTIALS_UNAVAILABLE(false),
    /** The configuration cannot work (bad URL, work directory in use by something else). */
    INVALID_CONFIGURATION(false),
    /** Reading or writing the local repository failed. */
    LOCAL_IO(true);

    private final boolean retryable;

    Failure(boolean retryable) {
      this.retryable = retryable;
    }

    public boolean retryable() {
      return retryable;
    }
  }

  private final Failure failure;
  private final List<Problem> problems;

  GitSourceException(Failure failure, String message, List<Problem> problems, Throwable cause) {
    super(message + (failure.retryable() ? " (retrying may help)" : " (retrying will not help)"),
        cause);
    this.failure = Objects.requireNonNull(failure, "failure");
    this.problems = List.copyOf(problems);
  }

  GitSourceException(Failure failure, String message, Throwable cause) {
    this(failure, message, List.of(), cause);
  }

  GitSourceException(Failure failure, String message) {
    this(failure, message, List.of(), null);
  }

  public Failure failure() {
    return failure;
  }

  public boolean retryable() {
    return failure.retryable();
  }

  /**
   * For {@link Failure#CONTENT_REJECTED}: every offending file, with paths relative to the
   * repository root (not to the sub-path) so a person can find them; otherwise empty.
   */
  public List<Problem> problems() {
    return problems;
  }
}
