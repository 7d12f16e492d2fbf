package io.vamp.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.state.WorkloadId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {

  @TempDir
  Path directory;

  @Test
  void aStateReadsBackAsWritten() throws IOException {
    LaunchSpec spec = new LaunchSpec(new WorkloadId("sava", "sava", "sava:1.0.0"), "0123456789abcdef", "run = \"it\"\n",
        Optional.of("dir with spaces"), new TreeMap<>(Map.of("A", "ünïcode = yes", "B", "")), List.of("web", "admin"),
        List.of(new HealthCheck("/health", "web", "HTTP", Duration.ofSeconds(2), Duration.ofSeconds(1),
            Duration.ofSeconds(5), 3)), 2);
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("web", 31001);
    ports.put("admin", 31000);
    StateFile.WorkloadState state = new StateFile.WorkloadState("team-a", spec, Instant.parse("2026-01-02T03:04:05Z"),
        false, List.of(
            new StateFile.InstanceState("01234567-0", "0123456789abcdef", 0, ports, 4242,
                Optional.of(Instant.parse("2026-01-02T03:04:06.120Z")), true, Optional.empty()),
            new StateFile.InstanceState("fedcba98-1", "fedcba9876543210", 1, Map.of(), 0, Optional.empty(), false,
                Optional.of(Instant.parse("2026-01-02T03:05:00Z")))));
    Path file = directory.resolve(StateFile.NAME);

    StateFile.write(file, state);

    assertThat(StateFile.read(file)).isEqualTo(state);
    assertThat(List.copyOf(StateFile.read(file).instances().get(0).ports().keySet())).containsExactly("web", "admin");
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(file).lines().filter(l -> l.startsWith("#")))
        .as("one fixed comment, no time stamp").hasSize(1);
  }

  @Test
  void anUnreadableFileIsReportedWithItsPath() throws IOException {
    Path file = directory.resolve(StateFile.NAME);
    Files.writeString(file, "format=1\nid=not-an-id\n");

    assertThatThrownBy(() -> StateFile.read(file)).isInstanceOf(IOException.class).hasMessageContaining(file.toString());
  }
}
