package io.vamp.driver.haproxy.agent;

import java.util.List;
import java.util.Map;

/**
 * The server-state file ({@code show servers state}, version 1) that HAProxy reads at start and
 * reload ({@code load-server-state-from-file global}) to keep servers' health and admin states.
 *
 * <p>It also restores a server's runtime weight when the configured weight equals the one saved
 * ({@code srv_iweight}). After a weight change through the runtime API (say 90 to 0, saved as
 * uweight 0, iweight 90) and a later configuration back at 90, HAProxy would restore 0: the
 * configuration would lose. So before HAProxy reads the file, every server the configuration gives an
 * explicit weight gets that weight as both {@code srv_uweight} and {@code srv_iweight}: the
 * configuration decides weights, the state file keeps everything else.
 */
final class ServerStateFile {
  /** A file HAProxy accepts with no server in it (a missing file earns a warning on every check). */
  static final String EMPTY = "1\n";

  private ServerStateFile() {}

  static String withWeights(String state, Map<String, Integer> weights) {
    String[] lines = state.split("\n", -1);
    if (lines.length < 2 || !lines[0].trim().equals("1") || !lines[1].startsWith("#")) {
      return EMPTY;
    }
    List<String> header = List.of(lines[1].substring(1).trim().split("\\s+"));
    int backend = header.indexOf("be_name");
    int server = header.indexOf("srv_name");
    int uweight = header.indexOf("srv_uweight");
    int iweight = header.indexOf("srv_iweight");
    if (backend < 0 || server < 0 || uweight < 0 || iweight < 0) {
      return EMPTY;
    }
    StringBuilder out = new StringBuilder().append(lines[0]).append('\n').append(lines[1]).append('\n');
    for (int i = 2; i < lines.length; i++) {
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(" ", -1);
      if (fields.length <= Math.max(Math.max(backend, server), Math.max(uweight, iweight))) {
        continue;
      }
      Integer weight = weights.get(fields[backend] + "/" + fields[server]);
      if (weight != null) {
        fields[uweight] = weight.toString();
        fields[iweight] = weight.toString();
      }
      out.append(String.join(" ", fields)).append('\n');
    }
    return out.toString();
  }
}
