package io.vamp.model.selector;

import java.util.List;
import java.util.Objects;

/**
 * A candidate's port that a selector holds for, with what the selector captured there.
 *
 * @param candidate the workload
 * @param portIndex which of its ports, from 0
 * @param port      that port
 * @param captures  the captured texts, left to right
 */
public record Selection(Candidate candidate, int portIndex, int port, List<String> captures) {

  public Selection {
    Objects.requireNonNull(candidate, "candidate");
    captures = List.copyOf(captures);
    if (portIndex < 0 || portIndex >= candidate.ports().size() || candidate.ports().get(portIndex) != port) {
      throw new IllegalArgumentException("port " + port + " is not port " + portIndex + " of " + candidate.name());
    }
  }

  /**
   * The route this selection belongs to: the captured texts joined by {@code -}, or the candidate's
   * name when nothing was captured. Captured texts are whatever the scheduler reported (a label value,
   * a name): a caller that needs a safe identifier must still check or encode it.
   */
  public String routeName() {
    return captures.isEmpty() ? candidate.name() : String.join("-", captures);
  }
}
