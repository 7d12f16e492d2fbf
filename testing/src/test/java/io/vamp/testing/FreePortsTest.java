package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void handsOutDistinctPortsBelowTheEphemeralRange() {
        List<Integer> ports = FreePorts.allocate(50);
        assertThat(new HashSet<>(ports)).hasSize(50);
        assertThat(ports).allSatisfy(port -> assertThat(port).isBetween(10_000, 60_999));
    }

    @Test
    void neverHandsOutTheSamePortTwiceInOneJvm() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            assertThat(seen.add(FreePorts.allocate())).isTrue();
        }
    }

    @Test
    void aPortSomeoneListensOnIsNotFree() throws IOException {
        int port = FreePorts.allocate();
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(FreePorts.isFree(port)).isFalse();
        }
        assertThat(FreePorts.isFree(port)).isTrue();
    }
}
