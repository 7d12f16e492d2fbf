package io.vamp.model.resolve;

import io.vamp.model.problem.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Gives every gateway its port: the one it names, else the one it had in the last applied revision
 * (so commits do not move running gateways), else a free one from the range, probing from a hash of
 * its name so the choice depends on the name, not on what else the repository holds.
 */
final class PortAssigner {
  private final ResolveContext context;
  private final Problems problems;

  PortAssigner(ResolveContext context, Problems problems) {
    this.context = context;
    this.problems = problems;
  }

  Map<String, Integer> assign(List<GatewayDraft> drafts) {
    Map<String, Integer> assigned = new LinkedHashMap<>();
    Map<Integer, GatewayDraft> taken = new HashMap<>();
    for (GatewayDraft draft : drafts) {
      draft.requestedPort().ifPresent(port -> {
        GatewayDraft first = taken.putIfAbsent(port, draft);
        if (first != null) {
          problems.add(draft.position(), draft.path(), "port " + port + " of gateway '" + draft.name()
              + "' is already the port of gateway '" + first.name() + "' (" + first.position() + ")");
        } else {
          assigned.put(draft.name(), port);
        }
      });
    }
    List<GatewayDraft> automatic = drafts.stream().filter(d -> d.requestedPort().isEmpty())
        .sorted(Comparator.comparing(GatewayDraft::name)).toList();
    for (GatewayDraft draft : automatic) {
      Integer previous = context.previousPorts().get(draft.name());
      if (previous != null && inRange(previous) && !taken.containsKey(previous)) {
        taken.put(previous, draft);
        assigned.put(draft.name(), previous);
      }
    }
    int size = context.portRangeEnd() - context.portRangeStart() + 1;
    for (GatewayDraft draft : automatic) {
      if (assigned.containsKey(draft.name())) {
        continue;
      }
      int start = (int) (hash(draft.name()) % size);
      boolean found = false;
      for (int i = 0; i < size; i++) {
        int port = context.portRangeStart() + (start + i) % size;
        if (!taken.containsKey(port)) {
          taken.put(port, draft);
          assigned.put(draft.name(), port);
          found = true;
          break;
        }
      }
      if (!found) {
        problems.add(draft.position(), draft.path(), "no free gateway port left in " + context.portRangeStart()
            + "-" + context.portRangeEnd() + " for gateway '" + draft.name() + "'");
      }
    }
    return assigned;
  }

  private boolean inRange(int port) {
    return port >= context.portRangeStart() && port <= context.portRangeEnd();
  }

  private static long hash(String name) {
    CRC32 crc = new CRC32();
    crc.update(name.getBytes(StandardCharsets.UTF_8));
    return crc.getValue();
  }
}
