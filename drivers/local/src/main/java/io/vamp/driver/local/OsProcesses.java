package io.vamp.driver.local;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Starting and stopping process trees. On Linux each instance starts as the leader of its own session
 * and process group ({@code setsid /bin/sh -c <command>}), so its pid is its group id, it outlives the
 * daemon and a signal to the group reaches every process it started. Where {@code setsid} is missing,
 * the descendants the JVM can see are signalled instead.
 */
final class OsProcesses {

  private static final System.Logger LOG = System.getLogger(OsProcesses.class.getName());
  private static final Path PROC = Path.of("/proc");
  private static final File DEV_NULL = new File("/dev/null");
  private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(2);
  private static final Duration GROUP_LEADER_WAIT = Duration.ofSeconds(1);

  private final Optional<String> setsid;

  OsProcesses() {
    this.setsid = List.of("/usr/bin/setsid", "/bin/setsid").stream()
        .filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    if (setsid.isEmpty()) {
      LOG.log(Level.WARNING, "event=no-setsid detail=\"instances share the daemon's process group; "
          + "only their visible descendants are stopped with them\"");
    }
  }

  /** A started process: its pid (also its process group when {@code grouped}) and its start time. */
  record Started(Process process, long pid, Optional<Instant> startedAt, boolean grouped) {}

  Started start(String command, Path directory, Map<String, String> environment, Path logFile) throws IOException {
    List<String> argv = setsid.isPresent()
        ? List.of(setsid.get(), "/bin/sh", "-c", command)
        : List.of("/bin/sh", "-c", command);
    ProcessBuilder builder = new ProcessBuilder(argv)
        .directory(directory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(DEV_NULL))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    builder.environment().clear();
    builder.environment().putAll(environment);
    Process process = builder.start();
    long pid = process.pid();
    boolean grouped = setsid.isPresent() && becomesGroupLeader(process);
    if (setsid.isPresent() && !grouped) {
      LOG.log(Level.WARNING, "event=not-a-group-leader pid=" + pid);
    }
    return new Started(process, pid, process.info().startInstant(), grouped);
  }

  /** setsid makes the new process a group leader a moment after it starts; wait for that, briefly. */
  private static boolean becomesGroupLeader(Process process) {
    long pid = process.pid();
    long deadline = System.nanoTime() + GROUP_LEADER_WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Long> group = processGroup(pid);
      if (group.isPresent() && group.get() == pid) {
        return true;
      }
      if (!process.isAlive()) {
        return true; // gone already: its group, if any, is cleaned up as a group
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
    return false;
  }

  /** Whether {@code pid} is alive (not a zombie) and is the process that started at {@code startedAt}. */
  boolean isAlive(long pid, Optional<Instant> startedAt) {
    if (pid <= 1) {
      return false;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty() || !handle.get().isAlive() || isZombie(pid)) {
      return false;
    }
    if (startedAt.isPresent()) {
      Optional<Instant> actual = handle.get().info().startInstant();
      return actual.isEmpty()
          || Duration.between(startedAt.get(), actual.get()).abs().compareTo(START_TIME_TOLERANCE) < 0;
    }
    return true;
  }

  /**
   * Stops the process group led by {@code pid} (or the process and its visible descendants): TERM,
   * then KILL to what is left after {@code grace}. Returns when nothing of it runs any more, or after
   * a bounded wait for the KILL.
   */
  void stop(long pid, boolean grouped, Duration grace) {
    if (pid <= 1) {
      return;
    }
    signal(pid, grouped, "TERM");
    if (!awaitGone(pid, grouped, grace)) {
      LOG.log(Level.INFO, "event=stop-escalated pid=" + pid + " signal=KILL after=" + grace.toMillis() + "ms");
      signal(pid, grouped, "KILL");
      awaitGone(pid, grouped, Duration.ofSeconds(5));
    }
  }

  /**
   * Cleans up after a leader that died: what it started may still run in its group and hold its
   * ports. Does nothing when {@code pid} is alive again as another process (the pid was reused), so a
   * stranger's group is never signalled.
   */
  void cleanUpAfterDeath(long pid, boolean grouped) {
    if (pid <= 1 || !grouped || ProcessHandle.of(pid).map(h -> h.isAlive() && !isZombie(pid)).orElse(false)) {
      return;
    }
    if (anyAlive(pid, true)) {
      stop(pid, true, Duration.ofSeconds(1));
    }
  }

  /** Whether any process of the group led by {@code pid} (or {@code pid} itself) still runs. */
  boolean anyAlive(long pid, boolean grouped) {
    if (grouped && Files.isDirectory(PROC)) {
      return !groupMembers(pid).isEmpty();
    }
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
  }

  private boolean awaitGone(long pid, boolean grouped, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (anyAlive(pid, grouped)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        TimeUnit.MILLISECONDS.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !anyAlive(pid, grouped);
      }
    }
    return true;
  }

  private void signal(long pid, boolean grouped, String signal) {
    if (grouped) {
      // kill(2) of a negative pid signals the whole group at once, so nothing forked meanwhile escapes
      try {
        Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " -" + pid)
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
          kill.destroyForcibly();
        }
      } catch (IOException e) {
        LOG.log(Level.WARNING, "event=signal-failed pid=" + pid + " signal=" + signal, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return;
    }
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    handle.ifPresent(h -> {
      h.descendants().forEach(d -> kill(d, signal));
      kill(h, signal);
    });
  }

  private static void kill(ProcessHandle handle, String signal) {
    if (signal.equals("KILL")) {
      handle.destroyForcibly();
    } else {
      handle.destroy();
    }
  }

  /** Live (not zombie) members of process group {@code pgid}, from /proc. */
  private static List<Long> groupMembers(long pgid) {
    try (var entries = Files.list(PROC)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(name -> !name.isEmpty() && name.chars().allMatch(Character::isDigit))
          .map(Long::parseLong)
          .filter(pid -> stat(pid).filter(s -> s.processGroup() == pgid && !s.zombie()).isPresent())
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static Optional<Long> processGroup(long pid) {
    return stat(pid).map(Stat::processGroup);
  }

  private static boolean isZombie(long pid) {
    return stat(pid).map(Stat::zombie).orElse(false);
  }

  private record Stat(char state, long processGroup) {
    boolean zombie() {
      return state == 'Z' || state == 'X';
    }
  }

  /** Reads state and process group from /proc/<pid>/stat; the command name may hold spaces and ')'. */
  private static Optional<Stat> stat(long pid) {
    try {
      String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      int close = line.lastIndexOf(')');
      String[] fields = line.substring(close + 2).split(" ");
      // after the name: state ppid pgrp ...
      return Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[2])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
