package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;

import org.junit.jupiter.api.Test;

class ZookeeperServerIT {

    private final ZookeeperServer zookeeper = Servers.zookeeper();

    @Test
    void srvrAnswersStandaloneOnLoopback() {
        assertThat(zookeeper.connectString()).startsWith("127.0.0.1:");
        assertThat(zookeeper.fourLetterWord("srvr")).contains("Mode: standalone").contains("Zookeeper version: 3.");
    }

    @Test
    void stopThenStartComesBackOnTheSamePortWithItsData() {
        String before = zookeeper.fourLetterWord("srvr");
        int port = zookeeper.port();

        zookeeper.stop();
        assertThat(zookeeper.isRunning()).isFalse();
        assertThatThrownBy(() -> zookeeper.fourLetterWord("srvr")).isInstanceOf(UncheckedIOException.class);

        zookeeper.start();
        assertThat(zookeeper.port()).isEqualTo(port);
        String after = zookeeper.fourLetterWord("srvr");
        assertThat(after).contains("Mode: standalone");
        assertThat(zxid(after)).isGreaterThanOrEqualTo(zxid(before));
    }

    private static long zxid(String srvr) {
        for (String line : srvr.split("\n")) {
            if (line.startsWith("Zxid: ")) {
                return Long.decode(line.substring("Zxid: ".length()).trim());
            }
        }
        throw new AssertionError("no Zxid in " + srvr);
    }
}
