package io.vamp.driver.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

  @TempDir
  Path dir;

  private DriverConfig config(String uri, Map<String, String> settings) {
    return new DriverConfig("default", dir, Optional.ofNullable(uri).map(URI::create), settings);
  }

  @Test
  void theFactoryIsFoundByName() {
    assertThat(Drivers.find(KeyValueStoreFactory.class, "consul")).isInstanceOf(ConsulKeyValueStoreFactory.class);
  }

  @Test
  void theUriGivesTheAgentAndAKeyPrefix() {
    Settings s = Settings.from(config("consul://consul.local:8500/vamp/kv/", Map.of()));

    assertThat(s.agent()).isEqualTo(URI.create("http://consul.local:8500"));
    assertThat(s.prefix()).isEqualTo("vamp/kv/");
    assertThat(s.sessionTtl()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.lockDelay()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.blockingWait()).isEqualTo(Duration.ofSeconds(20));
    assertThat(Settings.from(config("consul://h", Map.of())).agent()).isEqualTo(URI.create("http://h:8500"));
    assertThat(Settings.from(config("consul+https://h:8501", Map.of())).agent())
        .isEqualTo(URI.create("https://h:8501"));
    assertThat(Settings.from(config("consul://h:8500", Map.of())).prefix()).isEmpty();
    assertThat(Settings.from(config("consul://h:8500", Map.of("lock-delay", "0"))).lockDelay()).isZero();
  }

  @Test
  void mistakesAreRefusedAsNotRetryable() {
    for (var bad : List.<Map.Entry<String, Map<String, String>>>of(
        Map.entry("", Map.of()), Map.entry("etcd://h:1", Map.of()), Map.entry("consul:///x", Map.of()),
        Map.entry("consul://t@h:8500", Map.of()), Map.entry("consul://h1:8500,h2:8500", Map.of()),
        Map.entry("consul://h:8500", Map.of("session-ttl", "5s")), Map.entry("consul://h:8500", Map.of("wait", "11m")),
        Map.entry("consul://h:8500", Map.of("lock-delay", "500ms")), Map.entry("consul://h:8500", Map.of("acl", "x")),
        Map.entry("consul://h:8500", Map.of("ca-file", "/etc/hostname")))) {
      assertThatThrownBy(() -> Settings.from(config(bad.getKey().isEmpty() ? null : bad.getKey(), bad.getValue())))
          .as("%s", bad).isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
    }
  }

  @Test
  void theTokenNeverShows() {
    Settings s = Settings.from(config("consul://h:8500", Map.of("token", "s3cret")));

    assertThat(s.toString()).contains("token=***").doesNotContain("s3cret");
  }

  @Test
  void keysAreEscapedSegmentBySegment() {
    assertThat(ConsulHttp.path("vamp/a b/ü?#%&+")).isEqualTo("vamp/a%20b/%C3%BC%3F%23%25%26%2B");
    assertThat(ConsulHttp.path("plain/key-1.x_y~z")).isEqualTo("plain/key-1.x_y~z");
  }
}
