package io.vamp.driver.etcd;

import io.vamp.driver.spi.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import java.net.URI;
import java.nio.file.Files;
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
    assertThat(Drivers.find(KeyValueStoreFactory.class, "etcd")).isInstanceOf(EtcdKeyValueStoreFactory.class);
  }

  @Test
  void theUriGivesEndpointsAndAKeyPrefix() {
    Settings s = Settings.from(config("etcd://h1:2379,h2:2380/team-a/", Map.of()));

    assertThat(s.endpoints()).containsExactly("http://h1:2379", "http://h2:2380");
    assertThat(s.prefix()).isEqualTo("/team-a");
    assertThat(s.leaseTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(Settings.from(config("etcd+https://h1:2379", Map.of())).endpoints()).containsExactly("https://h1:2379");
    assertThat(Settings.from(config("etcd://h1:2379", Map.of())).prefix()).isEmpty();
  }

  @Test
  void mistakesAreRefusedAsNotRetryable() {
    for (var bad : List.<Map.Entry<String, Map<String, String>>>of(
        Map.entry("", Map.of()), Map.entry("zookeeper://h:1", Map.of()), Map.entry("etcd:///x", Map.of()),
        Map.entry("etcd://u:p@h:1", Map.of()), Map.entry("etcd://h:1", Map.of("password", "p")),
        Map.entry("etcd://h:1", Map.of("lease-ttl", "1500ms")), Map.entry("etcd://h:1", Map.of("lease-ttl", "1s")),
        Map.entry("etcd://h:1", Map.of("ttl", "5s")), Map.entry("etcd://h:1", Map.of("ca-file", "/etc/hostname")),
        Map.entry("etcd+https://h:1", Map.of("cert-file", "/etc/hostname")))) {
      assertThatThrownBy(() -> Settings.from(config(bad.getKey().isEmpty() ? null : bad.getKey(), bad.getValue())))
          .as("%s", bad).isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
    }
  }

  @Test
  void thePasswordNeverShows() {
    Settings s = Settings.from(config("etcd://h:1", Map.of("user", "vamp", "password", "s3cret")));

    assertThat(s.toString()).contains("user=vamp").doesNotContain("s3cret");
  }

  @Test
  void tlsBuildsAClientContextFromPemFiles() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server");
    TestCertificates client = TestCertificates.create(dir, "client");
    Settings s = Settings.from(config("etcd+https://127.0.0.1:2379", Map.of("ca-file", server.certificate().toString(),
        "cert-file", client.certificate().toString(), "key-file", client.key().toString())));

    assertThat(EtcdKeyValueStoreFactory.builder(s).sslContext()).isNotNull();
  }

  @Test
  void aKeyFileThatIsNotAKeyIsRefusedAsNotRetryable() throws Exception {
    TestCertificates client = TestCertificates.create(dir, "client");
    Path garbage = Files.writeString(dir.resolve("garbage.key"), "not a key");
    Settings s = Settings.from(config("etcd+https://127.0.0.1:2379",
        Map.of("cert-file", client.certificate().toString(),
        "key-file", garbage.toString())));

    assertThatThrownBy(() -> EtcdKeyValueStoreFactory.builder(s))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
  }
}
