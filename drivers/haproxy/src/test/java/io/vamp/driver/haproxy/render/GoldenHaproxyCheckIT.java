package io.vamp.driver.haproxy.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.testing.Servers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden configuration is one the real HAProxy (2.6, as installed) accepts without a warning. */
class GoldenHaproxyCheckIT {

  static Stream<Path> goldenFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(GoldenTest.GOLDEN)) {
      files = list.filter(f -> f.toString().endsWith(".cfg")).sorted().toList();
    }
    assertThat(files).hasSize(GoldenCases.all().size());
    return files.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldenFiles")
  void haproxyAcceptsTheGoldenFile(Path file) throws IOException {
    String output = Servers.haproxy().check(Files.readString(file, StandardCharsets.UTF_8));
    List<String> complaints = output.lines()
        .filter(line -> line.contains("[WARNING]") || line.contains("[ALERT]"))
        // the agent writes the state file before each reload; golden files point at /run/vamp
        .filter(line -> !line.contains("server state file"))
        .toList();
    assertThat(complaints).as("haproxy -c on %s:%n%s", file, output).isEmpty();
  }
}
