package io.vamp.driver.haproxy.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes of a master-worker HAProxy, as the master CLI's {@code show proc} lists them.
 *
 * @param masterPid the master, the agent's child process
 * @param reloads how many reloads the master has done, failed ones included
 * @param failedReloads how many of them failed (the previous workers kept serving)
 * @param workers the workers running the current configuration
 * @param oldWorkers workers of earlier configurations still finishing their connections
 */
public record HaproxyProcesses(long masterPid, int reloads, int failedReloads, List<Long> workers,
    List<Long> oldWorkers) {

  private static final Pattern MASTER = Pattern.compile("^(\\d+)\\s+master\\s+(\\d+)\\s+\\[failed:\\s*(\\d+)]");
  private static final Pattern PROCESS = Pattern.compile("^(\\d+)\\s+worker\\b");

  public HaproxyProcesses {
    workers = List.copyOf(workers);
    oldWorkers = List.copyOf(oldWorkers);
  }

  /** Reads {@code show proc}; throws {@link IllegalArgumentException} when the master's line is missing. */
  static HaproxyProcesses parse(String showProc) {
    Long master = null;
    int reloads = 0;
    int failed = 0;
    List<Long> workers = new ArrayList<>();
    List<Long> oldWorkers = new ArrayList<>();
    List<Long> section = null;
    for (String raw : showProc.split("\n")) {
      String line = raw.trim();
      if (line.startsWith("#")) {
        section = line.equals("# workers") ? workers : line.equals("# old workers") ? oldWorkers : null;
        continue;
      }
      Matcher masterLine = MASTER.matcher(line);
      if (masterLine.find()) {
        master = Long.parseLong(masterLine.group(1));
        reloads = Integer.parseInt(masterLine.group(2));
        failed = Integer.parseInt(masterLine.group(3));
        continue;
      }
      Matcher worker = PROCESS.matcher(line);
      if (section != null && worker.find()) {
        section.add(Long.parseLong(worker.group(1)));
      }
    }
    if (master == null) {
      throw new IllegalArgumentException("no master line in 'show proc': " + showProc.strip());
    }
    return new HaproxyProcesses(master, reloads, failed, workers, oldWorkers);
  }
}
