package io.vamp.reconciler.git;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the repository of Vamp artifacts.
 *
 * @param url a remote URL ({@code file://}, {@code https://}, {@code ssh://} or scp-like
 *     {@code git@host:org/repo.git}) or a local path to a working or bare repository, read in place
 * @param branch the branch to follow, short ({@code main}) or full ({@code refs/heads/main});
 *     {@code null}: the remote's HEAD, else {@code main} (for a local path: its checked-out branch)
 * @param subPath only files under this directory of the repository are read; "" for the root
 * @param credentials how to authenticate ({@link GitCredentials#none()} for none)
 * @param workDir where a remote is mirrored (a bare repository, created if absent);
 *     {@code null}: a directory under {@code java.io.tmpdir} derived from the URL. Unused for a
 *     local path.
 * @param timeout network timeout of one transport operation
 * @param limits bounds on a revision's files
 */
public record GitSourceConfig(String url, String branch, String subPath, GitCredentials credentials,
    Path workDir, Duration timeout, RevisionLimits limits) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public GitSourceConfig {
    Objects.requireNonNull(url, "url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("the repository URL or path is empty");
    }
    url = url.strip();
    branch = normalizeBranch(branch);
    subPath = normalizeSubPath(subPath);
    credentials = credentials == null ? GitCredentials.none() : credentials;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("timeout must be at least 1 s");
    }
    limits = limits == null ? RevisionLimits.DEFAULT : limits;
    checkCredentialsFit(Location.parse(url), credentials);
  }

  /** The URL or path with defaults for everything else. */
  public static GitSourceConfig of(String url) {
    return new GitSourceConfig(url, null, "", null, null, null, null);
  }

  public GitSourceConfig withBranch(String branch) {
    return new GitSourceConfig(url, branch, subPath, credentials, workDir, timeout, limits);
  }

  public GitSourceConfig withSubPath(String subPath) {
    return new GitSourceConfig(url, branch, subPath, credentials, workDir, timeout, limits);
  }

  public GitSourceConfig withCredentials(GitCredentials credentials) {
    return new GitSourceConfig(url, branch, subPath, credentials, workDir, timeout, limits);
  }

  public GitSourceConfig withWorkDir(Path workDir) {
    return new GitSourceConfig(url, branch, subPath, credentials, workDir, timeout, limits);
  }

  public GitSourceConfig withTimeout(Duration timeout) {
    return new GitSourceConfig(url, branch, subPath, credentials, workDir, timeout, limits);
  }

  public GitSourceConfig withLimits(RevisionLimits limits) {
    return new GitSourceConfig(url, branch, subPath, credentials, workDir, timeout, limits);
  }

  /** The URL with any password or query masked. */
  public String displayUrl() {
    return Location.redact(url);
  }

  @Override
  public String toString() {
    return "GitSourceConfig[url=" + displayUrl() + ", branch=" + (branch == null ? "(remote HEAD)"
        : branch) + ", subPath='" + subPath + "', credentials=" + credentials + ", workDir="
        + workDir + ", timeout=" + timeout + "]";
  }

  private static String normalizeBranch(String branch) {
    if (branch == null || branch.isBlank()) {
      return null;
    }
    String b = branch.strip();
    if (b.startsWith("refs/heads/")) {
      b = b.substring("refs/heads/".length());
    }
    if (!org.eclipse.jgit.lib.Repository.isValidRefName("refs/heads/" + b)) {
      throw new IllegalArgumentException("not a valid branch name: '" + branch + "'");
    }
    return b;
  }

  static String normalizeSubPath(String subPath) {
    if (subPath == null) {
      return "";
    }
    String p = subPath.strip();
    if (p.contains("\\")) {
      throw new IllegalArgumentException("sub-path must use '/' separators: '" + subPath + "'");
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals(".")) {
      return "";
    }
    for (String segment : p.split("/", -1)) {
      if (!p.isEmpty() && (segment.isEmpty() || segment.equals(".") || segment.equals("..")
          || segment.equals(".git"))) {
        throw new IllegalArgumentException("sub-path must be a plain relative directory inside the "
            + "repository: '" + subPath + "'");
      }
    }
    return p;
  }

  private static void checkCredentialsFit(Location location, GitCredentials credentials) {
    boolean none = credentials instanceof GitCredentials.None;
    if (location instanceof Location.Local) {
      if (!none) {
        throw new IllegalArgumentException("credentials are not used for a local repository path");
      }
      return;
    }
    Location.Remote remote = (Location.Remote) location;
    if (credentials instanceof GitCredentials.SshKey && !remote.isSsh()) {
      throw new IllegalArgumentException("an ssh key needs an ssh:// or user@host:path URL, not "
          + Location.redact(remote.url()));
    }
    if (credentials instanceof GitCredentials.Token
        || credentials instanceof GitCredentials.UsernamePassword) {
      requireHttps(remote);
    }
  }

  private static void requireHttps(Location.Remote remote) {
    boolean plainLoopback = remote.scheme().equals("http") && Location.isLoopback(remote.host());
    if (!remote.scheme().equals("https") && !plainLoopback) {
      throw new IllegalArgumentException("a token or password is sent only over https:// (plain "
          + "http:// only to a loopback address), not to " + Location.redact(remote.url()));
    }
  }
}
