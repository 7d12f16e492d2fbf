package io.vamp.driver.haproxy.render;

import io.vamp.model.state.Gateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What it takes to go from one rendered configuration to the next: nothing, weight commands on
 * HAProxy's runtime API, or a reload. Decided by {@link #between(HaproxyConfig, HaproxyConfig)}.
 */
public sealed interface RuntimeChange permits RuntimeChange.Unchanged, RuntimeChange.WeightsOnly,
    RuntimeChange.Reload {

  /** The two configurations are the same text. */
  record Unchanged() implements RuntimeChange {
  }

  /**
   * Only the weights of weighted backends differ.
   *
   * @param commands {@code set server <backend>/<server> weight <w>}, one per changed server: raised weights
   *     first, then lowered ones, each group sorted, so that 100/0 to 0/100 never passes through 0/0 (a
   *     request between two commands would find no server). Sent to the stats socket they bring the running
   *     process to the new configuration without a reload; the new text must still be written to the
   *     configuration file, so that the next reload agrees.
   */
  record WeightsOnly(List<String> commands) implements RuntimeChange {
    public WeightsOnly {
      commands = List.copyOf(commands);
      if (commands.isEmpty()) {
        throw new IllegalArgumentException("a weights-only change changes at least one weight");
      }
    }
  }

  /** Anything else changed: validate the new configuration and reload. */
  record Reload() implements RuntimeChange {
  }

  static RuntimeChange between(HaproxyConfig before, HaproxyConfig after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    if (before.text().equals(after.text())) {
      return new Unchanged();
    }
    if (!before.structure().equals(after.structure())) {
      return new Reload();
    }
    // same structure: the same weighted servers, only their weights differ
    Map<String, Integer> old = before.weights();
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
    return new WeightsOnly(commands);
  }

  /** Renders both sides and compares them; see {@link #between(HaproxyConfig, HaproxyConfig)}. */
  static RuntimeChange between(List<Gateway> oldGateways, Endpoints oldEndpoints, List<Gateway> newGateways,
      Endpoints newEndpoints, RenderSettings settings) {
    return between(HaproxyRenderer.plan(oldGateways, oldEndpoints, settings),
        HaproxyRenderer.plan(newGateways, newEndpoints, settings));
  }
}
