package io.vamp.reconciler.git;

/**
 * Bounds on what one revision may hold under the sub-path; a revision over any of them is refused
 * whole ({@link GitSourceException.Failure#CONTENT_REJECTED}).
 *
 * @param maxFileBytes largest single yaml file
 * @param maxFiles most yaml files
 * @param maxTotalBytes most yaml bytes in all
 */
public record RevisionLimits(long maxFileBytes, int maxFiles, long maxTotalBytes) {

  /** 4 MiB a file, 20,000 files, 256 MiB in all. */
  public static final RevisionLimits DEFAULT =
      new RevisionLimits(4L * 1024 * 1024, 20_000, 256L * 1024 * 1024);

  public RevisionLimits {
    if (maxFileBytes <= 0 || maxFiles <= 0 || maxTotalBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive");
    }
    if (maxFileBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxFileBytes must fit in an array");
    }
  }
}
