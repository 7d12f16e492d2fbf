package io.vamp.driver.zookeeper;

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
import java.util.Map;
import java.util.Optional;
import org.apache.zookeeper.client.ZKClientConfig;
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
    assertThat(Drivers.find(KeyValueStoreFactory.class, "zookeeper")).isInstanceOf(ZookeeperKeyValueStoreFactory.class);
  }

  @Test
  void theUriGivesServersAndChroot() {
    Settings s = Settings.from(config("zookeeper://h1:2181,h2:2182/vamp/prod/", Map.of()));

    assertThat(s.connectString()).isEqualTo("h1:2181,h2:2182");
    assertThat(s.chroot()).isEqualTo("vamp/prod");
    assertThat(s.tls()).isFalse();
    assertThat(s.sessionTimeout()).isEqualTo(Duration.ofSeconds(6));
    assertThat(Settings.from(config("zookeeper://h1:2181", Map.of())).chroot()).isEmpty();
  }

  @Test
  void durationsReadInSeveralForms() {
    Settings s = Settings.from(config("zookeeper://h:1", Map.of("session-timeout", "4s", "connection-timeout", "1500ms",
        "operation-timeout", "PT10S")));

    assertThat(s.sessionTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(s.connectionTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.operationTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(Settings.parseDuration("x", "250")).isEqualTo(Duration.ofMillis(250));
    assertThat(Settings.parseDuration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void mistakesAreRefusedAsNotRetryable() {
    for (var bad : new Object[][] {
        {null, Map.of()}, {"etcd://h:1", Map.of()}, {"zookeeper:///chroot", Map.of()},
        {"zookeeper://u:p@h:1", Map.of()}, {"zookeeper://h:1", Map.of("user", "u")},
        {"zookeeper://h:1", Map.of("sesion-timeout", "1s")}, {"zookeeper://h:1", Map.of("session-timeout", "soon")},
        {"zookeeper://h:1", Map.of("ca-file", "/etc/hostname")}}) {
      @SuppressWarnings("unchecked")
      Map<String, String> settings = (Map<String, String>) bad[1];
      assertThatThrownBy(() -> Settings.from(config((String) bad[0], settings))).as("%s %s", bad[0], settings)
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
    }
  }

  @Test
  void thePasswordNeverShows() {
    Settings s = Settings.from(config("zookeeper://h:1", Map.of("user", "vamp", "password", "s3cret")));

    assertThat(s.toString()).contains("user=vamp").doesNotContain("s3cret");
  }

  @Test
  void tlsUsesNettyWithPemStores() throws Exception {
    Path ca = Files.writeString(dir.resolve("ca.pem"), "CA");
    Path cert = Files.writeString(dir.resolve("cert.pem"), "CERT");
    Path key = Files.writeString(dir.resolve("key.pem"), "KEY");
    Settings s = Settings.from(config("zookeeper+tls://h:2281", Map.of("ca-file", ca.toString(),
        "cert-file", cert.toString(), "key-file", key.toString())));

    ZKClientConfig zk = ZookeeperKeyValueStoreFactory.clientConfig(s, dir);

    assertThat(zk.getProperty(ZKClientConfig.SECURE_CLIENT)).isEqualTo("true");
    assertThat(zk.getProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET)).contains("Netty");
    assertThat(zk.getProperty("zookeeper.ssl.trustStore.location")).isEqualTo(ca.toString());
    Path keyStore = Path.of(zk.getProperty("zookeeper.ssl.keyStore.location"));
    assertThat(Files.readString(keyStore)).contains("KEY").contains("CERT");
  }
}
