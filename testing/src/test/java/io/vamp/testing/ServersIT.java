package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ServersIT {

    @Test
    void concurrentCallersShareOneServerPerJvm() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<EtcdServer>> calls = IntStream.range(0, 8).<Callable<EtcdServer>>mapToObj(i -> Servers::etcd)
                    .toList();
            List<EtcdServer> servers = pool.invokeAll(calls).stream().map(ServersIT::join).toList();
            assertThat(servers).allSatisfy(server -> assertThat(server).isSameAs(servers.get(0)));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void everyServerListensOn127001Only() throws IOException {
        EtcdServer etcd = Servers.etcd();
        ElasticsearchServer elasticsearch = Servers.elasticsearch();
        List<Integer> ports = List.of(etcd.port(), etcd.peerPort(), Servers.zookeeper().port(),
                Servers.postgres().port(), Servers.mariadb().port(), elasticsearch.httpPort(),
                elasticsearch.transportPort());

        Map<Integer, Set<String>> listening = listeningAddressesByPort();

        assertThat(ports).allSatisfy(port -> assertThat(listening.get(port)).as("listeners on port %d", port)
                .containsExactly("0100007F"));
    }

    /** From /proc/net/tcp{,6}: the local addresses (hex, as the kernel writes them) of LISTEN sockets, by port. */
    private static Map<Integer, Set<String>> listeningAddressesByPort() throws IOException {
        Map<Integer, Set<String>> byPort = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                String[] local = fields[1].split(":");
                if (fields[3].equals("0A")) {
                    byPort.computeIfAbsent(Integer.parseInt(local[1], 16), p -> new TreeSet<>()).add(local[0]);
                }
            }
        }
        return byPort;
    }

    private static <T> T join(Future<T> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
