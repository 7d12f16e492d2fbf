package io.vamp.reconciler.cli;

import io.vamp.model.read.SourceFile;
import io.vamp.reconciler.git.GitSource;
import io.vamp.reconciler.git.GitSourceConfig;
import io.vamp.reconciler.git.GitSourceException;
import io.vamp.reconciler.git.Revision;
import io.vamp.reconciler.review.Format;
import io.vamp.reconciler.review.Review;
import io.vamp.reconciler.review.Reviewer;
import io.vamp.reconciler.review.Snapshot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vamp plan --base REV --head REV}: what merging a change would do, read offline from the
 * repository's commits (never its working directory). Exit 0 no change, 2 changes, 1 invalid head
 * or a revision that cannot be read.
 */
// a usage error exits 1, not picocli's default 2, which means "changes" here
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false, exitCodeOnInvalidInput = 1,
    description = {"Shows what moving a repository of Vamp artifacts from one commit to another would do:",
        "artifacts added, changed and removed; workloads to create, update (which fields) and remove;",
        "every changed gateway's routes with weights and conditions before -> after.",
        "Reads the commits offline; uncommitted changes are not seen.",
        "Exit codes: 0 no change, 2 changes, 1 invalid head (its problems are printed) or an unknown revision."})
final class PlanCommand implements Callable<Integer> {

  @Option(names = "--repo", paramLabel = "PATH",
      description = "Git working or bare repository (default: the one the current directory is in)")
  Path repo;

  @Option(names = "--base", required = true, paramLabel = "REV",
      description = "The revision changes are made against: a sha, branch, tag, HEAD~1...")
  String base;

  @Option(names = "--head", required = true, paramLabel = "REV", description = "The revision with the changes")
  String head;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "text (terminal), markdown (a pull-request comment) or json (default: ${DEFAULT-VALUE})")
  Format format = Format.TEXT;

  @Option(names = "--path", paramLabel = "SUBPATH",
      description = "Directory of the repository that holds the artifacts (default: the root)")
  String subPath = "";

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Review review;
    try (GitSource source = GitSource.open(GitSourceConfig.of(repository().toString()).withSubPath(subPath))) {
      review = Reviewer.review(snapshot(source, base), snapshot(source, head));
    } catch (GitSourceException | IllegalArgumentException e) {
      err.println("vamp plan: " + e.getMessage());
      err.flush();
      return 1;
    }
    out.print(format.render(review));
    out.flush();
    return review.exitCode();
  }

  /** A revision's files; files that cannot be read make the side invalid rather than the command fail. */
  private Snapshot snapshot(GitSource source, String rev) {
    try {
      Revision revision = source.at(rev);
      List<SourceFile> files = revision.files().entrySet().stream()
          .map(e -> new SourceFile(e.getKey(), e.getValue())).toList();
      return Snapshot.of(rev, revision.sha(), revision.subPath(), files);
    } catch (GitSourceException e) {
      if (e.failure() == GitSourceException.Failure.CONTENT_REJECTED && !e.problems().isEmpty()) {
        return Snapshot.unreadable(rev, rev, subPath, e.problems());
      }
      throw e;
    }
  }

  /** {@code --repo}, else the nearest directory from here up that holds a {@code .git}, else here. */
  private Path repository() {
    if (repo != null) {
      return repo.toAbsolutePath().normalize();
    }
    Path here = Path.of("").toAbsolutePath().normalize();
    for (Path dir = here; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return dir;
      }
    }
    return here;
  }
}
