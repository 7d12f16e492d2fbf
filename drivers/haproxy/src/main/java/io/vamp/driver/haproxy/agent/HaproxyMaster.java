package io.vamp.driver.haproxy.agent;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One master-worker HAProxy started by the agent: {@code haproxy -W -db -S <master socket> -f <file> -p
 * <pid file>}, in the foreground (no {@code -D}; {@code -db} overrides a {@code daemon} in the
 * configuration), so the master stays the agent's child and its exit is seen at once.
 * Reloads go through the master (its CLI's {@code reload}, or SIGUSR2): it re-reads the same file and
 * passes the listening sockets to the new workers, while the old workers finish their connections.
 */
final class HaproxyMaster {
  private static final Logger LOG = LoggerFactory.getLogger(HaproxyMaster.class);
  private static final Duration POLL = Duration.ofMillis(10);
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(5);

  /** How a reload ended. */
  sealed interface Reloaded permits Reloaded.Done, Reloaded.Failed {
    record Done(Duration took, HaproxyProcesses processes) implements Reloaded {
    }

    record Failed(String message) implements Reloaded {
    }
  }

  private final Process process;
  private final Path masterSocket;
  private final ProcessOutput output;
  private final Instant startedAt;

  private HaproxyMaster(Process process, Path masterSocket, ProcessOutput output, Instant startedAt) {
    this.process = process;
    this.masterSocket = masterSocket;
    this.output = output;
    this.startedAt = startedAt;
  }

  /**
   * Starts HAProxy on {@code configFile} and waits until the master lists a worker.
   *
   * @throws AgentException with HAProxy's own messages when it exits or does not get ready in time
   */
  static HaproxyMaster start(Path binary, Path configFile, Path masterSocket, Path pidFile, Duration readyTimeout) {
    stopLeftOver(pidFile, masterSocket);
    Process process;
    try {
      // -db keeps the master in the foreground even if the configuration says 'daemon'
      process = new ProcessBuilder(binary.toString(), "-W", "-db", "-S", masterSocket + ",mode,600",
          "-f", configFile.toString(), "-p", pidFile.toString())
          .directory(configFile.getParent().toFile())
          .redirectErrorStream(true)
          .start();
    } catch (IOException e) {
      throw new AgentException("cannot start " + binary + ": " + e.getMessage(), e);
    }
    try {
      process.getOutputStream().close(); // HAProxy reads nothing from stdin
    } catch (IOException e) {
      // nothing to close
    }
    ProcessOutput output = ProcessOutput.follow(process.getInputStream(), "vamp-haproxy-" + process.pid());
    HaproxyMaster master = new HaproxyMaster(process, masterSocket, output, Instant.now());
    long deadline = System.nanoTime() + readyTimeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        waitQuietly(process);
        throw new AgentException("HAProxy exited at start with code " + process.exitValue() + ": "
            + ProcessOutput.errors(output.since(0)));
      }
      try {
        if (!master.processes().workers().isEmpty()) {
          return master;
        }
      } catch (IOException | IllegalArgumentException e) {
        // the master socket is not there yet
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    master.stop(Duration.ofSeconds(5));
    throw new AgentException("HAProxy did not start a worker within " + readyTimeout.toMillis() + " ms: "
        + ProcessOutput.errors(output.since(0)));
  }

  long pid() {
    return process.pid();
  }

  boolean isRunning() {
    return process.isAlive();
  }

  Instant startedAt() {
    return startedAt;
  }

  CompletableFuture<Process> onExit() {
    return process.onExit();
  }

  Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  List<String> outputTail(int lines) {
    return output.tail(lines);
  }

  HaproxyProcesses processes() throws IOException {
    return HaproxyProcesses.parse(SocketCli.command(UnixDomainSocketAddress.of(masterSocket), "show proc",
        CLI_TIMEOUT));
  }

  /**
   * Reloads and waits until a new worker runs, or the master reports the reload as failed (the old
   * workers then keep serving), or the timeout passes.
   */
  Reloaded reload(ReloadStrategy strategy, Duration timeout) {
    HaproxyProcesses before;
    try {
      before = processes();
    } catch (IOException | IllegalArgumentException e) {
      return new Reloaded.Failed("the master CLI did not answer before the reload: " + e.getMessage());
    }
    long mark = output.mark();
    long started = System.nanoTime();
    try {
      switch (strategy) {
        case MASTER_CLI -> SocketCli.command(UnixDomainSocketAddress.of(masterSocket), "reload", timeout);
        case SIGUSR2 -> signal("USR2");
        default -> throw new IllegalStateException("unknown strategy " + strategy);
      }
    } catch (IOException e) {
      // the master re-executes itself while answering: a connection cut short is normal here
      LOG.debug("reload command ended early error={}", e.toString());
    }
    Set<Long> oldWorkers = new HashSet<>(before.workers());
    long deadline = started + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return new Reloaded.Failed("HAProxy exited during the reload: " + ProcessOutput.errors(output.since(mark)));
      }
      try {
        HaproxyProcesses now = processes();
        if (now.failedReloads() > before.failedReloads()) {
          return new Reloaded.Failed(ProcessOutput.errors(output.since(mark)));
        }
        if (now.reloads() > before.reloads() && now.workers().stream().anyMatch(pid -> !oldWorkers.contains(pid))) {
          return new Reloaded.Done(Duration.ofNanos(System.nanoTime() - started), now);
        }
      } catch (IOException | IllegalArgumentException e) {
        // the master is re-executing: its socket comes back in a moment
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    return new Reloaded.Failed("no new worker within " + timeout.toMillis() + " ms: "
        + ProcessOutput.errors(output.since(mark)));
  }

  /**
   * Stops HAProxy: SIGTERM to the master (which stops its workers at once), SIGKILL to whatever is
   * left after {@code grace}.
   */
  void stop(Duration grace) {
    output.stopping();
    List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("haproxy did not stop in time, killing it pid={} grace_ms={}", process.pid(), grace.toMillis());
        process.destroyForcibly();
        process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle child : children) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
  }

  private void signal(String name) throws IOException {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
        .redirectErrorStream(true).start();
    try {
      if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IOException("kill -" + name + " " + process.pid() + " failed: "
            + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while signalling HAProxy", e);
    }
  }

  /**
   * An HAProxy master left running by an earlier agent on the same directory (the agent was killed)
   * would keep serving an old configuration beside the new one: stop it. Only a process whose command
   * line names this agent's master socket is touched.
   */
  private static void stopLeftOver(Path pidFile, Path masterSocket) {
    Optional<Long> pid;
    try {
      pid = Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).trim())) : Optional.empty();
    } catch (IOException | NumberFormatException e) {
      return;
    }
    pid.flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(handle -> {
      String commandLine = commandLine(handle.pid());
      if (!commandLine.contains(masterSocket.toString())) {
        return;
      }
      LOG.warn("stopping an HAProxy left running by an earlier agent pid={}", handle.pid());
      List<ProcessHandle> children = handle.descendants().toList();
      handle.destroy();
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        handle.destroyForcibly();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    });
  }

  private static String commandLine(long pid) {
    try {
      return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return ProcessHandle.of(pid).flatMap(h -> h.info().commandLine()).orElse("");
    }
  }

  private static void waitQuietly(Process process) {
    try {
      process.waitFor(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
