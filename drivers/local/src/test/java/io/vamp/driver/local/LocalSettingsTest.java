package io.vamp.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LocalSettingsTest {

  private static LocalSettings settings(Map<String, String> values) {
    return LocalSettings.from(new DriverConfig("default", Path.of("data"), Optional.empty(), values));
  }

  @Test
  void everySettingHasADefault() {
    LocalSettings s = settings(Map.of());

    assertThat(s.host()).isEqualTo("127.0.0.1");
    assertThat(s.firstPort()).isEqualTo(31000);
    assertThat(s.lastPort()).isEqualTo(31999);
    assertThat(s.restartBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.restartBackoffMax()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.rolloutTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.drain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.stopTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.logMaxBytes()).isEqualTo(10L * 1024 * 1024);
    assertThat(s.inheritEnvironment()).contains("PATH", "HOME", "JAVA_HOME");
    assertThat(s.workingDirectory()).isEqualTo(Path.of("").toAbsolutePath());
  }

  @Test
  void settingsAreRead() {
    LocalSettings s = settings(Map.of("ports", "40000 - 40010", "drain", "PT1M", "inherit-environment", " PATH , ,LANG",
        "working-directory", "/srv"));

    assertThat(s.firstPort()).isEqualTo(40000);
    assertThat(s.lastPort()).isEqualTo(40010);
    assertThat(s.drain()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.inheritEnvironment()).containsExactly("PATH", "LANG");
    assertThat(s.workingDirectory()).isEqualTo(Path.of("/srv"));
  }

  @ParameterizedTest
  @CsvSource({"250ms, PT0.25S", "5s, PT5S", "2m, PT2M", "1h, PT1H", "PT3S, PT3S", "pt3s, PT3S"})
  void durationsTakeShortAndIsoForms(String text, String iso) {
    assertThat(LocalSettings.parseDuration(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "ports|31000|a range such as",
      "ports|2000-1000|low to high",
      "ports|0-10|low to high",
      "drain|soon|a duration",
      "log-max-bytes|12|at least 1024",
      "colour|blue|unknown setting 'colour'"})
  void badSettingsAreRefusedByName(String key, String value, String message) {
    assertThatThrownBy(() -> settings(Map.of(key, value)))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining(key).hasMessageContaining(message);
  }
}
