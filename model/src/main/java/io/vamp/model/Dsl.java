package io.vamp.model;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.problem.Problem;
import io.vamp.model.read.ReadResult;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.resolve.ResolveResult;
import io.vamp.model.resolve.Resolver;
import io.vamp.model.state.DesiredState;
import java.util.List;
import java.util.Optional;

/**
 * The model's front door: the files of a revision in, the desired state or every problem out
 * (read, validate and resolve, in that order; resolution only runs on a revision that reads cleanly).
 */
public final class Dsl {
  private Dsl() {}

  /** The artifacts read, the desired state when there is no problem, and the problems sorted by place. */
  public record Evaluation(List<Artifact> artifacts, Optional<DesiredState> state, List<Problem> problems) {
    public Evaluation {
      artifacts = List.copyOf(artifacts);
      problems = List.copyOf(problems);
    }

    public boolean ok() {
      return problems.isEmpty();
    }
  }

  public static Evaluation evaluate(List<SourceFile> files, ResolveContext context) {
    ReadResult read = new RepositoryReader().read(files);
    if (!read.ok()) {
      return new Evaluation(read.artifacts(), Optional.empty(), read.problems());
    }
    ResolveResult resolved = new Resolver(context).resolve(read.artifacts());
    return new Evaluation(read.artifacts(), resolved.state(), resolved.problems());
  }
}
