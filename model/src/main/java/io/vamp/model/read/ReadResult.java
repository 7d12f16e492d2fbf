package io.vamp.model.read;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.problem.Problem;
import java.util.List;

/** The artifacts of a repository and every problem found reading them. */
public record ReadResult(List<Artifact> artifacts, List<Problem> problems) {
  public ReadResult {
    artifacts = List.copyOf(artifacts);
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
