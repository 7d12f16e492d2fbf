package io.vamp.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A standalone ZooKeeper (Debian's zookeeper package, 3.8) in its own JVM on 127.0.0.1.
 *
 * <p>tickTime is 1000 ms, so sessions negotiate between 2 s and 20 s: a session-expiry test does not wait a minute.
 * The four-letter words {@code srvr}, {@code ruok}, {@code stat}, {@code mntr}, {@code conf}, {@code cons} are enabled.
 *
 * @param host    always 127.0.0.1
 * @param port    client port
 * @param dataDir snapshots and transaction logs, kept across {@link #stop()} and {@link #start()}
 * @param process the ZooKeeper JVM and its log
 */
public record ZookeeperServer(String host, int port, Path dataDir, ServerProcess process) implements RestartableServer {

    private static final Path ZOOKEEPER_JAR = Path.of("/usr/share/java/zookeeper.jar");
    /** A logging backend for ZooKeeper's slf4j; without it the log would stay empty. */
    private static final Path SLF4J_SIMPLE_JAR = Path.of("/usr/share/java/slf4j-simple.jar");

    /** The connect string, e.g. {@code 127.0.0.1:23456}: what Curator and the ZooKeeper client take. */
    public String connectString() {
        return host + ":" + port;
    }

    /**
     * Sends a four-letter word (e.g. {@code srvr}) and returns the answer.
     *
     * @throws UncheckedIOException when the server does not answer
     */
    public String fourLetterWord(String word) {
        try {
            return fourLetterWord(host, port, word);
        } catch (IOException e) {
            throw new UncheckedIOException("ZooKeeper on " + connectString() + " did not answer '" + word + "'", e);
        }
    }

    static ZookeeperServer launch() {
        if (!Files.isRegularFile(ZOOKEEPER_JAR)) {
            throw Hosts.notInstalled("ZooKeeper (" + ZOOKEEPER_JAR + ")", "zookeeper");
        }
        Path dir = Hosts.createTempDir("zookeeper");
        int port = FreePorts.allocate();
        Path dataDir = dir.resolve("data");
        Path config = dir.resolve("zoo.cfg");
        String classpath = ZOOKEEPER_JAR.toString();
        if (Files.isRegularFile(SLF4J_SIMPLE_JAR)) {
            classpath += ":" + SLF4J_SIMPLE_JAR;
        }
        List<String> command = new ArrayList<>(List.of(Hosts.javaExecutable().toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-Dzookeeper.admin.enableServer=false",
                "-cp", classpath,
                "org.apache.zookeeper.server.quorum.QuorumPeerMain", config.toString()));
        ServerProcess process = ServerProcess.builder("zookeeper", command)
                .workDir(dir)
                .readiness(() -> fourLetterWord(Hosts.LOOPBACK, port, "srvr").contains("Mode: "))
                .readyTimeout(Duration.ofSeconds(60))
                .build();
        Shutdown.register("zookeeper", process, dir);
        try {
            Files.createDirectories(dataDir);
            Files.writeString(config, String.join(System.lineSeparator(),
                    "tickTime=1000",
                    "initLimit=10",
                    "syncLimit=5",
                    "dataDir=" + dataDir,
                    "clientPort=" + port,
                    "clientPortAddress=" + Hosts.LOOPBACK,
                    "maxClientCnxns=0",
                    "admin.enableServer=false",
                    "4lw.commands.whitelist=srvr,ruok,stat,mntr,conf,cons",
                    ""));
        } catch (IOException e) {
            throw new ServerStartException("cannot write the ZooKeeper config in " + dir + ": " + e.getMessage(), e);
        }
        process.start();
        return new ZookeeperServer(Hosts.LOOPBACK, port, dataDir, process);
    }

    // `ruok` answers "imok" before the server serves requests; `srvr` only once it does
    private static String fourLetterWord(String host, int port, String word) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
