package io.vamp.reconciler.loop;

import io.vamp.model.problem.Problem;
import java.util.List;

/** How one reconciliation ended: the closed set the loop and the status API report. */
public sealed interface Outcome
    permits Outcome.Applied, Outcome.Converged, Outcome.Rejected, Outcome.Superseded, Outcome.Failed {

  String status();

  /** Everything asked for is in place; {@code actions} were performed to get there. */
  record Applied(int actions) implements Outcome {
    @Override
    public String status() {
      return "applied";
    }
  }

  /** Nothing to do: the world already matched. */
  record Converged() implements Outcome {
    @Override
    public String status() {
      return "converged";
    }
  }

  /** The revision is invalid; nothing was applied. */
  record Rejected(List<Problem> problems) implements Outcome {
    public Rejected {
      problems = List.copyOf(problems);
    }

    @Override
    public String status() {
      return "rejected";
    }
  }

  /** A newer commit arrived before this one finished. */
  record Superseded(String by) implements Outcome {
    @Override
    public String status() {
      return "superseded";
    }
  }

  /** An action failed; the next attempt retries. */
  record Failed(String action, String reason, boolean retryable) implements Outcome {
    @Override
    public String status() {
      return "failed";
    }
  }
}
