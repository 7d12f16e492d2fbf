package io.vamp.reconciler.git;

import io.vamp.reconciler.git.GitSourceException.Failure;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.RepositoryCache;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repository of Vamp artifacts, as the daemon polls it and as {@code vamp plan} reads it.
 *
 * <p>A remote is mirrored into a bare repository in the work directory: {@link #headIfChanged}
 * costs one ref advertisement and fetches only when the branch moved to a commit the mirror lacks.
 * A local path is read in place, with no copy and no network. Either way {@link Revision}s are read
 * from commit trees, never from a working directory, so uncommitted edits are invisible.
 *
 * <p>Methods are synchronized: one poll at a time. Close it to release the repository.
 */
public final class GitSource implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(GitSource.class);
  private static final String DEFAULT_BRANCH = "main";

  private final GitSourceConfig config;
  private final Repository repository;
  private final RemoteAccess remote;
  private final String where;
  private final RevisionReader reader;
  private final AtomicLong fetches = new AtomicLong();
  private volatile String branch;

  private GitSource(GitSourceConfig config, Repository repository, RemoteAccess remote,
      String where) {
    this.config = config;
    this.repository = repository;
    this.remote = remote;
    this.where = where;
    this.reader = new RevisionReader(config.limits());
    this.branch = config.branch();
  }

  /** Opens the source: a local repository in place, or a remote's mirror (created if absent). */
  public static GitSource open(GitSourceConfig config) {
    return open(config, System::getenv);
  }

  /** A local working or bare repository at {@code path}, whole, for offline reading. */
  public static GitSource local(Path path) {
    return open(GitSourceConfig.of(path.toAbsolutePath().toString()));
  }

  static GitSource open(GitSourceConfig config, Function<String, String> environment) {
    Objects.requireNonNull(config, "config");
    Location location = Location.parse(config.url());
    if (location instanceof Location.Local local) {
      return new GitSource(config, openLocal(local.path()), null, local.path().toString());
    }
    Location.Remote remote = (Location.Remote) location;
    Path workDir = config.workDir() != null ? config.workDir() : defaultWorkDir(config.url());
    Repository mirror = openMirror(workDir);
    return new GitSource(config, mirror, new RemoteAccess(config, remote, environment),
        config.displayUrl());
  }

  /**
   * The branch's commit if it is not {@code lastSeenSha} ({@code null}: none seen yet); empty if
   * unchanged. Either way the branch's commit is then readable through {@link #at}. One ref
   * advertisement for a remote, plus a fetch only when the mirror lacks that commit; a ref lookup
   * for a local path.
   */
  public synchronized Optional<String> headIfChanged(String lastSeenSha) {
    String head = remote == null ? localHead() : remoteHead();
    if (head.equals(lastSeenSha)) {
      LOG.debug("event=git-poll source={} branch={} commit={} changed=false", where, branch, head);
      return Optional.empty();
    }
    LOG.debug("event=git-poll source={} branch={} commit={} changed=true", where, branch, head);
    return Optional.of(head);
  }

  /** The branch's current commit, fetched if needed. */
  public synchronized Revision fetch() {
    return at(headIfChanged(null).orElseThrow());
  }

  /**
   * The commit that {@code rev} names in the local repository (or the mirror, which holds only
   * fetched branches): a sha or its prefix, a branch, a tag, {@code HEAD~1}, anything JGit resolves.
   * Offline.
   */
  public synchronized Revision at(String rev) {
    Objects.requireNonNull(rev, "rev");
    if (rev.isBlank() || rev.startsWith("-")) {
      throw new GitSourceException(Failure.REVISION_NOT_FOUND, "'" + rev + "' is not a revision");
    }
    ObjectId id;
    try {
      id = repository.resolve(rev + "^{commit}");
    } catch (AmbiguousObjectException e) {
      throw new GitSourceException(Failure.REVISION_NOT_FOUND,
          "'" + rev + "' is ambiguous in " + where + "; give more digits of the sha", e);
    } catch (RevisionSyntaxException | IncorrectObjectTypeException e) {
      throw new GitSourceException(Failure.REVISION_NOT_FOUND,
          "'" + rev + "' does not name a commit in " + where, e);
    } catch (IOException e) {
      throw new GitSourceException(Failure.LOCAL_IO, "could not read " + where + ": " + e, e);
    }
    if (id == null) {
      throw new GitSourceException(Failure.REVISION_NOT_FOUND, "'" + rev + "' does not name a "
          + "commit in " + where + (remote == null ? "" : " (the mirror holds fetched branches)"));
    }
    try (RevWalk walk = new RevWalk(repository)) {
      return reader.read(repository, walk.parseCommit(id), config.subPath());
    } catch (MissingObjectException e) {
      throw new GitSourceException(Failure.REVISION_NOT_FOUND,
          "commit " + id.name() + " is incomplete in " + where, e);
    } catch (IOException e) {
      throw new GitSourceException(Failure.LOCAL_IO, "could not read " + where + ": " + e, e);
    }
  }

  /** The branch followed: configured, or found at the first poll; empty before then. */
  public Optional<String> branch() {
    return Optional.ofNullable(branch);
  }

  /** How many fetches this source has made (ref advertisements alone are not counted). */
  public long fetchCount() {
    return fetches.get();
  }

  public GitSourceConfig config() {
    return config;
  }

  @Override
  public synchronized void close() {
    if (remote != null) {
      remote.close();
    }
    repository.close();
  }

  @Override
  public String toString() {
    return "GitSource[" + where + ", branch=" + (branch == null ? "(default)" : branch)
        + ", subPath='" + config.subPath() + "'" + (remote == null ? "" : ", mirror="
        + repository.getDirectory()) + "]";
  }

  private String localHead() {
    try {
      String refName;
      if (config.branch() != null) {
        refName = Constants.R_HEADS + config.branch();
      } else {
        Ref head = repository.exactRef(Constants.HEAD);
        refName = head != null && head.isSymbolic() ? head.getTarget().getName() : Constants.HEAD;
      }
      Ref ref = repository.exactRef(refName);
      if (ref == null || ref.getObjectId() == null) {
        throw new GitSourceException(Failure.BRANCH_MISSING, "branch '"
            + Repository.shortenRefName(refName) + "' has no commit in " + where + "; branches: "
            + names(repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS)));
      }
      branch = Repository.shortenRefName(refName);
      return ref.getObjectId().name();
    } catch (IOException e) {
      throw new GitSourceException(Failure.LOCAL_IO, "could not read " + where + ": " + e, e);
    }
  }

  private String remoteHead() {
    Map<String, Ref> refs = remote.advertise();
    String wanted = config.branch() != null ? config.branch() : defaultBranch(refs);
    Ref ref = refs.get(Constants.R_HEADS + wanted);
    if (ref == null || ref.getObjectId() == null) {
      throw new GitSourceException(Failure.BRANCH_MISSING, "branch '" + wanted + "' does not exist"
          + " in " + where + "; branches: " + names(refs.values().stream()
          .filter(r -> r.getName().startsWith(Constants.R_HEADS)).toList()));
    }
    branch = wanted;
    // Even an unchanged head must be in the mirror: a daemon restarted on a fresh work directory
    // with its last applied sha from the ledger still needs to read that commit.
    return ensureMirrored(wanted, ref.getObjectId());
  }

  /** Makes the mirror's branch point at {@code id}, fetching only if the commit is missing. */
  private String ensureMirrored(String wanted, ObjectId id) {
    String refName = Constants.R_HEADS + wanted;
    try {
      if (repository.getObjectDatabase().has(id)) {
        Ref current = repository.exactRef(refName);
        if (current == null || !id.equals(current.getObjectId())) {
          RefUpdate update = repository.updateRef(refName);
          update.setNewObjectId(id);
          update.setForceUpdate(true);
          update.update();
        }
        return id.name();
      }
      long started = System.nanoTime();
      remote.fetch(repository, wanted);
      fetches.incrementAndGet();
      Ref fetched = repository.exactRef(refName);
      if (fetched == null || fetched.getObjectId() == null) {
        throw new GitSourceException(Failure.BRANCH_MISSING,
            "branch '" + wanted + "' vanished from " + where + " while fetching");
      }
      LOG.info("event=git-fetch source={} branch={} commit={} ms={}", where, wanted,
          fetched.getObjectId().name(), (System.nanoTime() - started) / 1_000_000);
      return fetched.getObjectId().name();
    } catch (IOException e) {
      throw new GitSourceException(Failure.LOCAL_IO,
          "could not update the mirror " + repository.getDirectory() + ": " + e, e);
    }
  }

  /** The remote's HEAD branch; else the branch HEAD's commit is on (main, master first); else main. */
  private static String defaultBranch(Map<String, Ref> refs) {
    Ref head = refs.get(Constants.HEAD);
    if (head == null) {
      return DEFAULT_BRANCH;
    }
    if (head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)) {
      return Repository.shortenRefName(head.getTarget().getName());
    }
    ObjectId id = head.getObjectId();
    for (String candidate : List.of("main", "master")) {
      Ref r = refs.get(Constants.R_HEADS + candidate);
      if (r != null && id != null && id.equals(r.getObjectId())) {
        return candidate;
      }
    }
    return refs.values().stream()
        .filter(r -> r.getName().startsWith(Constants.R_HEADS) && id != null
            && id.equals(r.getObjectId()))
        .map(r -> Repository.shortenRefName(r.getName())).sorted().findFirst()
        .orElse(DEFAULT_BRANCH);
  }

  private static String names(List<Ref> refs) {
    List<String> names = refs.stream().map(r -> Repository.shortenRefName(r.getName())).sorted()
        .toList();
    if (names.isEmpty()) {
      return "(none)";
    }
    return names.size() <= 10 ? String.join(", ", names)
        : String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + " in all)";
  }

  private static Repository openLocal(Path path) {
    File dir = path.toAbsolutePath().normalize().toFile();
    if (!dir.isDirectory()) {
      throw new GitSourceException(Failure.REPOSITORY_NOT_FOUND, "no directory at " + path);
    }
    try {
      FileRepositoryBuilder builder = new FileRepositoryBuilder().setMustExist(true);
      if (new File(dir, Constants.DOT_GIT).exists()) {
        builder.setWorkTree(dir);
      } else if (RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) {
        builder.setGitDir(dir).setBare();
      } else {
        throw new GitSourceException(Failure.REPOSITORY_NOT_FOUND,
            path + " is not a Git repository (neither a working repository nor a bare one)");
      }
      return builder.build();
    } catch (IOException e) {
      throw new GitSourceException(Failure.REPOSITORY_NOT_FOUND,
          "could not open the Git repository at " + path + ": " + e.getMessage(), e);
    }
  }

  private static Repository openMirror(Path workDir) {
    File dir = workDir.toAbsolutePath().normalize().toFile();
    try {
      if (dir.isDirectory() && RepositoryCache.FileKey.isGitRepository(dir, FS.DETECTED)) {
        return new FileRepositoryBuilder().setGitDir(dir).setBare().setMustExist(true).build();
      }
      if (dir.exists() && !isEmptyDirectory(workDir)) {
        throw new GitSourceException(Failure.INVALID_CONFIGURATION, "the work directory "
            + workDir + " exists and is not a Git mirror; give a new or empty directory");
      }
      Files.createDirectories(workDir);
      try (Git git = Git.init().setBare(true).setDirectory(dir).call()) {
        return new FileRepositoryBuilder().setGitDir(dir).setBare().setMustExist(true).build();
      }
    } catch (IOException | GitAPIException e) {
      throw new GitSourceException(Failure.LOCAL_IO,
          "could not create the mirror in " + workDir + ": " + e.getMessage(), e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static Path defaultWorkDir(String url) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(url.getBytes(StandardCharsets.UTF_8));
      return Path.of(System.getProperty("java.io.tmpdir"), "vamp-git",
          HexFormat.of().formatHex(digest, 0, 8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
