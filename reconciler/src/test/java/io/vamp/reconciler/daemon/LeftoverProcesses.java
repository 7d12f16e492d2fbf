package io.vamp.reconciler.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local scheduler leaves workloads running when the daemon stops (on purpose: a restart must not take
 * them down). The tests stop them here, found by their working directory (the repository's folder).
 */
final class LeftoverProcesses {
  private LeftoverProcesses() {}

  /** Kills every process whose working directory is {@code folder} or below it. */
  static void stopUnder(Path folder) throws IOException {
    Path real = folder.toRealPath();
    ProcessHandle.allProcesses().filter(p -> {
      try {
        return Files.readSymbolicLink(Path.of("/proc", String.valueOf(p.pid()), "cwd")).startsWith(real);
      } catch (IOException | SecurityException e) {
        return false;
      }
    }).forEach(ProcessHandle::destroyForcibly);
  }
}
