package io.vamp.driver.haproxy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each feature's rendering against its golden file. After an intended change, regenerate with
 * {@code ./mvnw -pl drivers/haproxy test -Dtest=GoldenTest -Dvamp.updateGolden=true} and review the diff.
 */
class GoldenTest {

  static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("vamp.updateGolden");

  static List<GoldenCases.Case> cases() {
    return GoldenCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersAsTheGoldenFileSays(GoldenCases.Case golden) throws IOException {
    String rendered = golden.render();
    Path file = GOLDEN.resolve(golden.file());
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, rendered, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file (regenerate with -Dvamp.updateGolden=true)").exists();
    assertThat(rendered).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersTheSameTextEveryTime(GoldenCases.Case golden) {
    assertThat(golden.render()).isEqualTo(golden.render());
  }

  @Test
  void everyGoldenFileHasACase() throws IOException {
    List<String> expected = cases().stream().map(GoldenCases.Case::file).sorted().toList();
    try (Stream<Path> files = Files.list(GOLDEN)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted().toList()).isEqualTo(expected);
    }
  }
}
