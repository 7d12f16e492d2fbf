package io.vamp.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server process: started from a fixed command line (so a restart comes back on the same ports and data
 * directory), its output appended to a log file, ready when a check says so, stopped with its whole process tree.
 * Every failure message ends with the tail of the log.
 */
public final class ServerProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ServerProcess.class);
    private static final int LOG_TAIL_LINES = 40;
    private static final int LOG_TAIL_BYTES = 64 * 1024;
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration ORPHAN_GRACE = Duration.ofSeconds(2);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path logFile;
    private final Callable<Boolean> readiness;
    private final Duration readyTimeout;
    private final Consumer<ProcessHandle> gracefulStop;
    private final Duration stopTimeout;

    private Process process;
    private Duration lastStartDuration = Duration.ZERO;

    private ServerProcess(Builder builder) {
        this.name = builder.name;
        this.command = List.copyOf(builder.command);
        this.environment = Map.copyOf(builder.environment);
        this.workDir = Objects.requireNonNull(builder.workDir, "workDir");
        this.logFile = builder.logFile != null ? builder.logFile : workDir.resolve(name + ".log");
        this.readiness = Objects.requireNonNull(builder.readiness, "readiness");
        this.readyTimeout = builder.readyTimeout;
        this.gracefulStop = builder.gracefulStop;
        this.stopTimeout = builder.stopTimeout;
    }

    /** A process named {@code name} (used in messages and the log file name) run as {@code command}. */
    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    public String name() {
        return name;
    }

    public List<String> command() {
        return command;
    }

    public Path logFile() {
        return logFile;
    }

    /** How long the last {@link #start()} took until the server answered. */
    public synchronized Duration lastStartDuration() {
        return lastStartDuration;
    }

    public synchronized boolean isRunning() {
        return process != null && isRunning(process.toHandle());
    }

    public synchronized OptionalLong pid() {
        return isRunning() ? OptionalLong.of(process.pid()) : OptionalLong.empty();
    }

    /**
     * Starts the process and waits until it is ready. Does nothing when it is running already.
     *
     * @throws ServerStartException if it cannot be started, exits, or is not ready in time; the process is then
     *                              stopped again
     */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        long started = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        appendToLog("---- vamp-testing: starting " + String.join(" ", command));
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            process = null;
            throw new ServerStartException(name + " could not be started (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
        Process starting = process;
        try {
            await("readiness of " + name)
                    .atMost(readyTimeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    .ignoreExceptions()
                    .failFast(name + " exited", () -> !starting.isAlive())
                    .until(readiness);
        } catch (TerminalFailureException e) {
            int exitCode = waitForExitCode(starting);
            stopQuietly();
            throw failure(name + " exited with code " + exitCode + " while starting", null);
        } catch (ConditionTimeoutException e) {
            stopQuietly();
            throw failure(name + " did not become ready within " + readyTimeout.toSeconds() + " s", null);
        }
        lastStartDuration = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("server={} event=started pid={} startMillis={}", name, starting.pid(), lastStartDuration.toMillis());
    }

    /**
     * Stops the process and everything it started: first the graceful way (SIGTERM unless the builder said
     * otherwise); SIGKILL for the whole tree when the root has not exited within the stop timeout, and for children
     * that outlive their exited root by more than two seconds. Does nothing when it is not running.
     */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ProcessHandle root = process.toHandle();
        // taken before the root exits: afterwards its children are orphans, no longer its descendants
        List<ProcessHandle> tree = Stream.concat(root.descendants(), Stream.of(root)).toList();
        if (isRunning(root)) {
            gracefulStop.accept(root);
        }
        boolean rootExited = awaitExit(List.of(root), stopTimeout);
        if (!rootExited || !awaitExit(tree, ORPHAN_GRACE)) {
            LOG.warn("server={} event=killing reason=\"{}\"", name, rootExited ? "children outlived it"
                    : "not stopped within " + stopTimeout.toSeconds() + " s");
            tree.forEach(ProcessHandle::destroyForcibly);
            if (!awaitExit(tree, Duration.ofSeconds(10))) {
                throw failure(name + " survived SIGKILL", null);
            }
        }
        process = null;
        LOG.info("server={} event=stopped", name);
    }

    /** Stops and starts again, on the same command line: same ports, same data directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** The last {@code lines} lines of the log file (from its last 64 KiB), or a note saying why there are none. */
    public String logTail(int lines) {
        if (!Files.isRegularFile(logFile)) {
            return "(no log file " + logFile + ")";
        }
        try (SeekableByteChannel channel = Files.newByteChannel(logFile)) {
            long size = channel.size();
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(size, LOG_TAIL_BYTES));
            channel.position(size - buffer.capacity());
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // a log that grows meanwhile: read what was there when we looked
            }
            // lenient decoding: a server may write bytes that are not UTF-8, and the cut may split a character
            String[] all = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).split("\r?\n");
            return String.join(System.lineSeparator(), Arrays.asList(all).subList(Math.max(0, all.length - lines),
                    all.length));
        } catch (IOException e) {
            return "(log " + logFile + " unreadable: " + e.getMessage() + ")";
        }
    }

    /** An exception saying {@code message}, naming a port clash when the log shows one, with the log's tail. */
    public ServerStartException failure(String message, Throwable cause) {
        String tail = logTail(LOG_TAIL_LINES);
        boolean portClash = tail.toLowerCase(Locale.ROOT).contains("address already in use");
        String text = message + (portClash ? " (port clash: another process holds one of its ports)" : "")
                + System.lineSeparator()
                + "command: " + String.join(" ", command) + System.lineSeparator()
                + "last " + LOG_TAIL_LINES + " lines of " + logFile + ":" + System.lineSeparator() + tail;
        return new ServerStartException(text, cause, portClash);
    }

    @Override
    public String toString() {
        return "ServerProcess[" + name + ", " + (isRunning() ? "running" : "stopped") + ", log=" + logFile + "]";
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("server={} event=stop-failed error=\"{}\"", name, e.getMessage());
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(logFile, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new ServerStartException(name + ": cannot write its log file " + logFile + ": " + e.getMessage(), e);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        try {
            await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> processes.stream().noneMatch(ServerProcess::isRunning));
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static int waitForExitCode(Process exited) {
        try {
            return exited.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Alive and not a zombie: an orphan whose new parent does not reap it still counts as alive to the JDK. */
    static boolean isRunning(ProcessHandle handle) {
        if (!handle.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int afterName = stat.lastIndexOf(')');
            return afterName < 0 || afterName + 2 >= stat.length() || stat.charAt(afterName + 2) != 'Z';
        } catch (IOException | UncheckedIOException e) {
            return handle.isAlive();
        }
    }

    /** Sends {@code signal} (e.g. {@code "INT"}) with kill(1): the JDK itself only sends TERM and KILL. */
    static void signal(ProcessHandle handle, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(handle.pid()))
                    .redirectErrorStream(true).redirectOutput(Redirect.DISCARD).start();
            kill.waitFor();
        } catch (IOException e) {
            handle.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            handle.destroy();
        }
    }

    /** How to run a {@link ServerProcess}; the defaults suit a server that stops cleanly on SIGTERM. */
    public static final class Builder {

        private final String name;
        private final List<String> command;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private Path workDir;
        private Path logFile;
        private Callable<Boolean> readiness;
        private Duration readyTimeout = Duration.ofSeconds(30);
        private Consumer<ProcessHandle> gracefulStop = ProcessHandle::destroy;
        private Duration stopTimeout = Duration.ofSeconds(15);

        private Builder(String name, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            this.command = new ArrayList<>(command);
            if (this.command.isEmpty()) {
                throw new IllegalArgumentException("empty command for " + name);
            }
        }

        /** The working directory; also where the log file goes unless {@link #logFile(Path)} says otherwise. */
        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        public Builder environment(String key, String value) {
            environment.put(key, value);
            return this;
        }

        /** Polled every 50 ms until it returns true; exceptions count as "not yet". */
        public Builder readiness(Callable<Boolean> check) {
            this.readiness = check;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /** How to ask the root process to stop; the default sends SIGTERM. */
        public Builder gracefulStop(Consumer<ProcessHandle> stop) {
            this.gracefulStop = stop;
            return this;
        }

        /** How long a graceful stop may take before the tree is killed. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        public ServerProcess build() {
            return new ServerProcess(this);
        }
    }
}
