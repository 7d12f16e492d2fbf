package io.vamp.reconciler.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A real working repository made with JGit for tests, optionally with a bare "remote" it pushes
 * to. Files are written to the working directory and committed with every change staged.
 */
final class TestRepository implements AutoCloseable {

  static final PersonIdent AUTHOR = new PersonIdent("Ada Author", "ada@example.org",
      Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
  static final PersonIdent COMMITTER = new PersonIdent("Cid Committer", "cid@example.org",
      Instant.parse("2026-01-02T04:05:06Z"), ZoneOffset.UTC);

  private final Git git;
  private final Path dir;
  private String remoteUrl;

  private TestRepository(Git git, Path dir) {
    this.git = git;
    this.dir = dir;
  }

  /** A new working repository in {@code dir} whose first branch is {@code branch}. */
  static TestRepository init(Path dir, String branch) throws GitAPIException {
    return new TestRepository(Git.init().setDirectory(dir.toFile()).setInitialBranch(branch)
        .call(), dir);
  }

  /** A new bare repository in {@code dir}, returned closed; its URL is {@code file://...}. */
  static String initBareRemote(Path dir, String headBranch) throws GitAPIException {
    Git.init().setBare(true).setDirectory(dir.toFile()).setInitialBranch(headBranch).call()
        .close();
    return dir.toUri().toString();
  }

  TestRepository withRemote(String url) {
    this.remoteUrl = url;
    return this;
  }

  Path dir() {
    return dir;
  }

  Git git() {
    return git;
  }

  /** Writes text files (a null value deletes the file), stages everything and commits. */
  RevCommit commit(String message, Map<String, String> files) throws IOException, GitAPIException {
    Map<String, byte[]> bytes = new LinkedHashMap<>();
    files.forEach((k, v) -> bytes.put(k, v == null ? null : v.getBytes(StandardCharsets.UTF_8)));
    return commitBytes(message, bytes);
  }

  RevCommit commitBytes(String message, Map<String, byte[]> files)
      throws IOException, GitAPIException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Path path = dir.resolve(file.getKey());
      if (file.getValue() == null) {
        Files.deleteIfExists(path);
      } else {
        Files.createDirectories(path.getParent());
        Files.write(path, file.getValue());
      }
    }
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    return git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(COMMITTER)
        .setSign(false).call();
  }

  /** Pushes {@code branch} to the remote, forcing. */
  void push(String branch) throws GitAPIException {
    git.push().setRemote(remoteUrl)
        .setRefSpecs(new RefSpec("+refs/heads/" + branch + ":refs/heads/" + branch)).call();
  }

  void checkoutNewBranch(String branch) throws GitAPIException {
    git.checkout().setCreateBranch(true).setName(branch).call();
  }

  void checkout(String branch) throws GitAPIException {
    git.checkout().setName(branch).call();
  }

  void tag(String name) throws GitAPIException {
    git.tag().setName(name).setAnnotated(true).setMessage(name).setTagger(COMMITTER)
        .setSigned(false).call();
  }

  @Override
  public void close() {
    git.close();
  }
}
