package io.vamp.model.resolve;

import io.vamp.model.problem.Problem;
import io.vamp.model.state.DesiredState;
import java.util.List;
import java.util.Optional;

/** A desired state, or every problem that stands in the way of one. */
public record ResolveResult(Optional<DesiredState> state, List<Problem> problems) {
  public ResolveResult {
    problems = List.copyOf(problems);
    if (state.isPresent() != problems.isEmpty()) {
      throw new IllegalArgumentException("a result has a state exactly when it has no problems");
    }
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
