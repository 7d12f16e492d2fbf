package io.vamp.reconciler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir
  Path dir;

  @Test
  void theFileOverridesDefaultsAndTheEnvironmentOverridesTheFile() throws Exception {
    Path file = dir.resolve("vamp.yaml");
    Files.writeString(file, "namespace: staging\nrepository:\n  poll_interval: 2s\n");
    Config config = Config.load(Optional.of(file), Map.of("VAMP_NAMESPACE", "prod"));
    assertThat(config.get(Settings.NAMESPACE)).isEqualTo("prod");
    assertThat(config.duration(Settings.REPOSITORY_POLL_INTERVAL)).hasSeconds(2);
    assertThat(config.get(Settings.KV_DRIVER)).isEqualTo("memory");
  }

  @Test
  void anUnknownSettingIsAProblemWithItsFileLineAndColumn() throws Exception {
    Path file = dir.resolve("vamp.yaml");
    Files.writeString(file, "namespace: x\nrepository:\n  pol_interval: 2s\n");
    assertThatThrownBy(() -> Config.load(Optional.of(file), Map.of()))
        .hasMessage(file + ":3:3: repository.pol_interval: unknown setting 'repository.pol_interval'; did you mean"
            + " 'repository.poll_interval'?");
  }

  @Test
  void secretsAreNamedByTheFilesThatHoldThem() throws Exception {
    Path file = dir.resolve("vamp.yaml");
    Files.writeString(file, "repository:\n  token_file: /run/secrets/token\nledger:\n  password_file: x\n");
    assertThat(Config.load(Optional.of(file), Map.of()).get(Settings.REPOSITORY_TOKEN_FILE))
        .isEqualTo("/run/secrets/token");
  }

  @Test
  void driverSettingsComeFromTheFileAndTheEnvironment() throws Exception {
    Path file = dir.resolve("vamp.yaml");
    Files.writeString(file, "kv:\n  driver: etcd\n  settings:\n    lease-ttl: 5s\n");
    Config config = Config.load(Optional.of(file), Map.of(
        "VAMP_KV_SETTINGS_PASSWORD", "from-env",
        "VAMP_ELASTICSEARCH_SETTINGS_API_KEY", "k"));
    assertThat(config.driverSettings("kv")).containsEntry("lease-ttl", "5s").containsEntry("password", "from-env");
    assertThat(config.driverSettings("elasticsearch")).containsEntry("api-key", "k");
  }

  @Test
  void durationsTakeDaysAndBoundedNumbersSayWhatTheyExpect() throws Exception {
    Path file = dir.resolve("vamp.yaml");
    Files.writeString(file, "events:\n  retention: 7d\napply:\n  parallelism: 0\n");
    Config config = Config.load(Optional.of(file), Map.of());
    assertThat(config.duration(Settings.EVENTS_RETENTION)).hasDays(7);
    assertThat(Config.load(Optional.empty(), Map.of()).duration(Settings.EVENTS_RETENTION)).hasDays(30);
    assertThatThrownBy(() -> config.integer(Settings.APPLY_PARALLELISM, 1, 64))
        .hasMessage(file + ":4:3: apply.parallelism: expected a whole number from 1 to 64, found '0'");
    assertThat(Config.load(Optional.empty(), Map.of("VAMP_EVENTS_RETENTION", "2w")))
        .satisfies(c -> assertThatThrownBy(() -> c.duration(Settings.EVENTS_RETENTION))
            .hasMessageContaining("events.retention: expected a duration such as 500ms, 10s, 2m, 1h or 30d, found '2w'"));
  }
}
