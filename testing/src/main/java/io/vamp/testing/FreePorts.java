package io.vamp.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1, never the same one twice in a JVM.
 *
 * <p>Ports come from below the kernel's ephemeral range (where outgoing connections take their local ports), so a
 * port handed out here is not grabbed by some client connection while its server is stopped for a fault test.
 * Between this check and the server's bind another process can still take the port: servers report that as a port
 * clash naming the port.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final int ATTEMPTS = 1_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int HIGHEST_EXCLUSIVE = firstEphemeralPort();

    private FreePorts() {
    }

    /** One free loopback port. */
    public static int allocate() {
        return allocate(1).get(0);
    }

    /** {@code count} distinct free loopback ports. */
    public static synchronized List<Integer> allocate(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        List<Integer> ports = new ArrayList<>(count);
        for (int attempt = 0; attempt < ATTEMPTS && ports.size() < count; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST_EXCLUSIVE);
            if (!HANDED_OUT.contains(candidate) && isFree(candidate)) {
                HANDED_OUT.add(candidate);
                ports.add(candidate);
            }
        }
        if (ports.size() < count) {
            throw new ServerStartException("no free loopback port found in " + LOWEST + ".." + (HIGHEST_EXCLUSIVE - 1)
                    + " after " + ATTEMPTS + " attempts");
        }
        return List.copyOf(ports);
    }

    /** Whether nothing listens on 127.0.0.1:{@code port} right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int firstEphemeralPort() {
        int fallback = 32_768;
        try {
            String[] range = Files.readString(EPHEMERAL_RANGE).trim().split("\\s+");
            int first = Integer.parseInt(range[0]);
            return first > LOWEST + 1_000 ? first : fallback;
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }
}
