package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerProcessTest {

    @TempDir
    Path dir;

    @Test
    void aServerThatExitsWhileStartingFailsWithItsExitCodeAndLogTail() {
        ServerProcess process = ServerProcess.builder("crasher",
                        List.of("sh", "-c", "echo 'listen tcp 127.0.0.1:1234: bind: address already in use'; exit 3"))
                .workDir(dir).readiness(() -> false).readyTimeout(Duration.ofSeconds(10)).build();

        assertThatThrownBy(process::start)
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("crasher exited with code 3 while starting")
                .hasMessageContaining("port clash")
                .hasMessageContaining("bind: address already in use");
        assertThat(process.isRunning()).isFalse();
    }

    @Test
    void aServerThatNeverGetsReadyTimesOutAndIsStopped() {
        ServerProcess process = ServerProcess.builder("sleeper", List.of("sh", "-c", "echo waiting; exec sleep 60"))
                .workDir(dir).readiness(() -> false).readyTimeout(Duration.ofMillis(500)).build();

        assertThatThrownBy(process::start)
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining("sleeper did not become ready within 0 s")
                .hasMessageContaining("waiting");
        assertThat(process.isRunning()).isFalse();
    }

    @Test
    void stopKillsTheWholeProcessTree() throws IOException {
        Path marker = dir.resolve("child.pid");
        ServerProcess process = ServerProcess.builder("parent",
                        List.of("sh", "-c", "sleep 60 & echo $! > " + marker + "; wait"))
                .workDir(dir).readiness(() -> Files.size(marker) > 0).build();
        process.start();
        long child = Long.parseLong(Files.readString(marker).trim());
        assertThat(ProcessHandle.of(child)).isPresent();

        process.stop();

        assertThat(ProcessHandle.of(child).filter(ServerProcess::isRunning)).isEmpty();
    }

    @Test
    void logTailShowsTheLastLinesOfALargeLogEvenWithBytesThatAreNotUtf8() throws IOException {
        Path log = dir.resolve("big.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        Files.write(log, new byte[] {(byte) 0xff, (byte) 0xfe, '\n', 'l', 'a', 's', 't', '\n'},
                StandardOpenOption.APPEND);
        ServerProcess process = ServerProcess.builder("quiet", List.of("true")).workDir(dir).logFile(log)
                .readiness(() -> true).build();

        List<String> tail = List.of(process.logTail(3).split(System.lineSeparator()));

        assertThat(tail).hasSize(3);
        assertThat(tail.get(0)).isEqualTo("line 19999");
        assertThat(tail.get(2)).isEqualTo("last");
    }

    @Test
    void aMissingBinaryNamesThePackageToInstall() {
        assertThatThrownBy(() -> Hosts.requireBinary("no-such-server-binary", "no-such-package"))
                .isInstanceOf(ServerStartException.class)
                .hasMessage("no-such-server-binary not found: run .ci/install-test-deps"
                        + " (Debian package no-such-package)");
    }
}
