package io.vamp.driver.haproxy.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How to go from the running configuration to the next one, decided on their text: nothing, weight
 * commands on the runtime API, or a reload. The text-level twin of the renderer's {@code RuntimeChange}
 * (which needs the rendered sections): the agent only ever sees text.
 */
sealed interface ConfigChange permits ConfigChange.Unchanged, ConfigChange.WeightsOnly, ConfigChange.Reload {

  /** The same text. */
  record Unchanged() implements ConfigChange {
  }

  /**
   * Only explicit server weights differ.
   *
   * @param commands {@code set server <backend>/<server> weight <w>}, one per changed server: the raised
   *     weights first, then the lowered ones, each group sorted
   */
  record WeightsOnly(List<String> commands) implements ConfigChange {
    public WeightsOnly {
      commands = List.copyOf(commands);
      if (commands.isEmpty()) {
        throw new IllegalArgumentException("a weights-only change changes at least one weight");
      }
    }
  }

  /** Anything else: the new text must be loaded by a reload (or a start). */
  record Reload(String reason) implements ConfigChange {
  }

  static ConfigChange between(ConfigText before, ConfigText after) {
    if (before.text().equals(after.text())) {
      return new Unchanged();
    }
    if (!before.structure().equals(after.structure())) {
      return new Reload("structure changed");
    }
    Map<String, Integer> old = before.weights();
    // raises before cuts: going from 100/0 to 0/100 must never pass through 0/0, where a request
    // arriving between the two commands would find no server
    List<String> raises = new ArrayList<>();
    List<String> cuts = new ArrayList<>();
    after.weights().forEach((server, weight) -> {
      Integer was = old.get(server);
      if (!weight.equals(was)) {
        (was == null || weight > was ? raises : cuts).add("set server " + server + " weight " + weight);
      }
    });
    List<String> commands = new ArrayList<>(raises);
    commands.addAll(cuts);
    if (commands.isEmpty()) {
      // same structure and weights but different text cannot happen; be safe rather than clever
      return new Reload("text changed");
    }
    return new WeightsOnly(commands);
  }
}
