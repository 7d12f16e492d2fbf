package io.vamp.driver.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Each instance's output goes straight into {@code <instance>.log} (the process appends to the file
 * itself, so it keeps writing while the daemon is down). Bounded by copy-and-truncate: when the file
 * passes the limit it is copied to {@code <instance>.log.1} and emptied; lines written in between
 * those two steps may be lost.
 */
final class LogFiles {
  private LogFiles() {}

  static Path of(Path workloadDirectory, String instance) {
    return workloadDirectory.resolve(instance + ".log");
  }

  static void appendNote(Path log, String note) {
    try {
      Files.writeString(log, "--- vamp: " + note + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the note is a courtesy; the instance runs without it
    }
  }

  /** Rotates {@code log} if it is larger than {@code maxBytes}; true if it did. */
  static boolean rotateIfLarger(Path log, long maxBytes) throws IOException {
    if (!Files.isRegularFile(log) || Files.size(log) <= maxBytes) {
      return false;
    }
    Path previous = log.resolveSibling(log.getFileName() + ".1");
    Files.copy(log, previous, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel channel = FileChannel.open(log, StandardOpenOption.WRITE)) {
      channel.truncate(0);
    }
    return true;
  }

  static void delete(Path workloadDirectory, String instance) {
    Path log = of(workloadDirectory, instance);
    try {
      Files.deleteIfExists(log);
      Files.deleteIfExists(log.resolveSibling(log.getFileName() + ".1"));
    } catch (IOException ignored) {
      // removed with the workload's directory at the latest
    }
  }
}
