package io.vamp.testing;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A single-member etcd (Debian's etcd-server, v3 API) on 127.0.0.1.
 *
 * @param host     always 127.0.0.1
 * @param port     client port (gRPC and the HTTP/JSON gateway under {@code /v3/})
 * @param peerPort peer port, unused by clients
 * @param dataDir  the member's data directory, kept across {@link #stop()} and {@link #start()}
 * @param process  the etcd process and its log
 */
public record EtcdServer(String host, int port, int peerPort, Path dataDir, ServerProcess process)
        implements RestartableServer {

    /** The client URL, e.g. {@code http://127.0.0.1:23456}, as jetcd's {@code Client.builder().endpoints(..)} takes. */
    public URI endpoint() {
        return URI.create("http://" + host + ":" + port);
    }

    static EtcdServer launch() {
        Path etcd = Hosts.requireBinary("etcd", "etcd-server", "/usr/bin/etcd");
        Path dir = Hosts.createTempDir("etcd");
        List<Integer> ports = FreePorts.allocate(2);
        int port = ports.get(0);
        int peerPort = ports.get(1);
        String client = "http://" + Hosts.LOOPBACK + ":" + port;
        String peer = "http://" + Hosts.LOOPBACK + ":" + peerPort;
        Path dataDir = dir.resolve("data");
        URI health = URI.create(client + "/health");
        ServerProcess process = ServerProcess.builder("etcd", List.of(etcd.toString(),
                        "--name", "vamp-test",
                        "--data-dir", dataDir.toString(),
                        "--listen-client-urls", client,
                        "--advertise-client-urls", client,
                        "--listen-peer-urls", peer,
                        "--initial-advertise-peer-urls", peer,
                        "--initial-cluster", "vamp-test=" + peer,
                        "--initial-cluster-state", "new",
                        // one member elects itself: a short election timeout brings a restart back in 0.4 s, not 1.4 s
                        "--heartbeat-interval", "50",
                        "--election-timeout", "250"))
                .workDir(dir)
                .readiness(() -> Hosts.httpGet(health).replace(" ", "").contains("\"health\":\"true\""))
                .readyTimeout(Duration.ofSeconds(60))
                .build();
        Shutdown.register("etcd", process, dir);
        process.start();
        return new EtcdServer(Hosts.LOOPBACK, port, peerPort, dataDir, process);
    }
}
