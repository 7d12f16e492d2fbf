package io.vamp.reconciler.plan;

import java.util.List;

/** The ordered actions that take the world from what was observed to what is desired. */
public record Plan(List<Decision> decisions, List<Action> actions) {
  public Plan {
    decisions = List.copyOf(decisions);
    actions = List.copyOf(actions);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
