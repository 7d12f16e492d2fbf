package io.vamp.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.read.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * A real Git working repository for {@code vamp plan} tests whose first commit holds the YAML files
 * of the project's {@code example-repo} (found through the {@code vamp.root} system property), and
 * whose next commits edit them. Author and committer times are fixed, so the same edits give the
 * same shas.
 */
public final class ExampleRepository implements AutoCloseable {

  private static final PersonIdent WHO = new PersonIdent("Rita Reviewer", "rita@example.org",
      Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

  private final Git git;
  private final Path dir;
  private final String prefix;

  private ExampleRepository(Git git, Path dir, String prefix) {
    this.git = git;
    this.dir = dir;
    this.prefix = prefix;
  }

  /** A repository in {@code dir} with the example's files at its root, committed on {@code main}. */
  public static ExampleRepository create(Path dir) {
    return create(dir, "");
  }

  /** The same with the example's files under {@code subPath} ("" for the root). */
  public static ExampleRepository create(Path dir, String subPath) {
    try {
      Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
      ExampleRepository repo = new ExampleRepository(git, dir, subPath.isEmpty() ? "" : subPath + "/");
      Map<String, String> files = new LinkedHashMap<>();
      exampleFiles().forEach(files::put);
      repo.commit("the example repository", files);
      return repo;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The example repository's YAML files, path (from its root) to text. */
  public static SortedMap<String, String> exampleFiles() {
    Path root = Path.of(System.getProperty("vamp.root", "../")).resolve("example-repo");
    SortedMap<String, String> out = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.filter(Files::isRegularFile).toList()) {
        String name = root.relativize(path).toString().replace('\\', '/');
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
          out.put(name, Files.readString(path, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the example repository at " + root, e);
    }
    assertThat(out).as("example-repo YAML files under %s", root).isNotEmpty();
    return out;
  }

  /** The example's files as the model reads them. */
  public static List<SourceFile> exampleSources() {
    return exampleFiles().entrySet().stream().map(e -> new SourceFile(e.getKey(), e.getValue())).toList();
  }

  public Path dir() {
    return dir;
  }

  /** The text of a file (path from the artifacts' root) in the working directory. */
  public String read(String path) {
    try {
      return Files.readString(dir.resolve(prefix + path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A file's text with {@code from} (which must be there) replaced by {@code to}. */
  public String edited(String path, String from, String to) {
    String text = read(path);
    assertThat(text).as("%s before the edit", path).contains(from);
    return text.replace(from, to);
  }

  /** Writes files (paths from the artifacts' root; a null text deletes), commits, returns the sha. */
  public String commit(String message, Map<String, String> files) {
    try {
      for (Map.Entry<String, String> file : files.entrySet()) {
        Path path = dir.resolve(prefix + file.getKey());
        if (file.getValue() == null) {
          Files.deleteIfExists(path);
        } else {
          Files.createDirectories(path.getParent());
          Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
      }
      git.add().addFilepattern(".").call();
      git.add().addFilepattern(".").setUpdate(true).call();
      return git.commit().setMessage(message).setAuthor(WHO).setCommitter(WHO).setSign(false)
          .setAllowEmpty(true).call().name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One file edited and committed. */
  public String commitEdit(String message, String path, String from, String to) {
    return commit(message, Map.of(path, edited(path, from, to)));
  }

  public String head() {
    try {
      return git.getRepository().resolve("HEAD").name();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An annotated tag on a commit. */
  public void tag(String name, String sha) {
    try (org.eclipse.jgit.revwalk.RevWalk walk = new org.eclipse.jgit.revwalk.RevWalk(git.getRepository())) {
      git.tag().setName(name).setObjectId(walk.parseCommit(git.getRepository().resolve(sha)))
          .setAnnotated(true).setMessage(name).setTagger(WHO).setSigned(false).call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A bare clone next to the working repository; its path. */
  public Path bareClone(Path target) {
    try {
      Git.cloneRepository().setURI(dir.toUri().toString()).setDirectory(target.toFile()).setBare(true)
          .call().close();
      return target;
    } catch (GitAPIException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    git.close();
  }
}
