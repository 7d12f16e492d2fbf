package io.vamp.testing;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.core.ConditionTimeoutException;

/**
 * One running master-worker HAProxy, started by {@link Haproxy#start(String)}: reload through the master socket,
 * worker pids, stop. Closing it stops HAProxy and deletes its directory; the JVM's exit does the same.
 */
public final class HaproxyInstance implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(20);
    private static final Pattern MASTER_LINE = Pattern.compile("^(\\d+)\\s+master\\s+(\\d+)\\s+\\[failed:\\s*(\\d+)]");
    private static final Pattern PROCESS_LINE = Pattern.compile("^(\\d+)\\s+(\\S+)");

    private final Haproxy haproxy;
    private final Path directory;
    private final Path configFile;
    private final Path masterSocket;
    private final Path pidFile;
    private final ServerProcess process;

    private HaproxyInstance(Haproxy haproxy, Path directory) {
        this.haproxy = haproxy;
        this.directory = directory;
        this.configFile = directory.resolve("haproxy.cfg");
        this.masterSocket = directory.resolve("master.sock");
        this.pidFile = directory.resolve("haproxy.pid");
        this.process = ServerProcess.builder("haproxy", List.of(haproxy.binary().toString(),
                        "-W", "-S", masterSocket.toString(), "-f", configFile.toString(), "-p", pidFile.toString()))
                .workDir(directory)
                .readiness(() -> !workerPids().isEmpty())
                .readyTimeout(READY_TIMEOUT)
                .build();
    }

    static HaproxyInstance start(Haproxy haproxy, String config) {
        Path dir = Hosts.createTempDir("haproxy");
        HaproxyInstance instance = new HaproxyInstance(haproxy, dir);
        instance.writeConfig(config);
        Shutdown.register("haproxy " + dir, instance::close);
        instance.process.start();
        return instance;
    }

    public Haproxy haproxy() {
        return haproxy;
    }

    public Path directory() {
        return directory;
    }

    public Path configFile() {
        return configFile;
    }

    public Path masterSocket() {
        return masterSocket;
    }

    public Path pidFile() {
        return pidFile;
    }

    public ServerProcess process() {
        return process;
    }

    public long masterPid() {
        return process.pid().orElseThrow(() -> new IllegalStateException("HAProxy in " + directory + " is stopped"));
    }

    /** The pids of the current workers (not of old ones still finishing connections after a reload). */
    public List<Long> workerPids() {
        return pidsInSection(masterCommand("show proc"), "# workers");
    }

    /** The pids of old workers still draining connections after a reload. */
    public List<Long> oldWorkerPids() {
        return pidsInSection(masterCommand("show proc"), "# old workers");
    }

    /** How many reloads the master has done, failed ones included. */
    public int reloadCount() {
        return masterLine(masterCommand("show proc"))[1];
    }

    /**
     * Sends one command to the master CLI and returns its answer, e.g. {@code show proc}, or {@code @1 show stat}
     * for the first worker's stats.
     */
    public String masterCommand(String command) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(masterSocket));
            channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8)));
            // without the half-close the master CLI keeps the connection open, waiting for the next command
            channel.shutdownOutput();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("HAProxy master socket " + masterSocket + " did not answer '" + command
                    + "'", e);
        }
    }

    /** Replaces the configuration file and reloads. */
    public void reload(String newConfig) {
        writeConfig(newConfig);
        reload();
    }

    /**
     * Reloads through the master socket and waits until a new worker runs the current configuration file.
     *
     * @throws ServerStartException if the master reports the reload as failed (invalid configuration: the old
     *                              workers keep serving) or it does not finish in time
     */
    public void reload() {
        String before = masterCommand("show proc");
        int[] master = masterLine(before);
        Set<Long> oldWorkers = new HashSet<>(pidsInSection(before, "# workers"));
        masterCommand("reload");
        try {
            await("reload of HAProxy in " + directory).atMost(RELOAD_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .ignoreExceptions()
                    .until(() -> {
                        String now = masterCommand("show proc");
                        int[] line = masterLine(now);
                        if (line[2] > master[2]) {
                            return true;
                        }
                        return line[1] > master[1] && pidsInSection(now, "# workers").stream()
                                .anyMatch(pid -> !oldWorkers.contains(pid));
                    });
        } catch (ConditionTimeoutException e) {
            throw process.failure("HAProxy in " + directory + " did not reload within " + RELOAD_TIMEOUT.toSeconds()
                    + " s", e);
        }
        int failed = masterLine(masterCommand("show proc"))[2];
        if (failed > master[2]) {
            throw process.failure("HAProxy in " + directory + " rejected the reload (failed reloads: " + failed
                    + "); the previous workers keep serving", null);
        }
    }

    /** Stops the master and its workers (SIGTERM: a hard stop of the workers). The directory stays until close. */
    public void stop() {
        process.stop();
    }

    /** Stops HAProxy and deletes its directory. */
    @Override
    public void close() {
        process.stop();
        Hosts.deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "HaproxyInstance[" + directory + ", " + (process.isRunning() ? "running" : "stopped") + "]";
    }

    private void writeConfig(String config) {
        try {
            Files.writeString(configFile, config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ServerStartException("cannot write " + configFile + ": " + e.getMessage(), e);
        }
    }

    /** {pid, reloads, failed reloads} from the master's line of {@code show proc}. */
    private static int[] masterLine(String showProc) {
        for (String line : showProc.split("\n")) {
            Matcher matcher = MASTER_LINE.matcher(line.trim());
            if (matcher.find()) {
                return new int[] {Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                        Integer.parseInt(matcher.group(3))};
            }
        }
        throw new IllegalStateException("no master line in 'show proc': " + showProc);
    }

    private static List<Long> pidsInSection(String showProc, String header) {
        List<Long> pids = new ArrayList<>();
        boolean inSection = false;
        for (String raw : showProc.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("#")) {
                inSection = line.equals(header);
                continue;
            }
            Matcher matcher = PROCESS_LINE.matcher(line);
            if (inSection && matcher.find() && matcher.group(2).equals("worker")) {
                pids.add(Long.parseLong(matcher.group(1)));
            }
        }
        return List.copyOf(pids);
    }
}
