package io.vamp.driver.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ElasticsearchSettingsTest {

  private static DriverConfig config(String uri, Map<String, String> settings) {
    return new DriverConfig("Prod", Path.of("/tmp"), Optional.ofNullable(uri).map(URI::create), settings);
  }

  @Test
  void elasticsearchSchemeListsEveryHostAsPlainHttpWithDefaultPort() {
    ElasticsearchSettings s = ElasticsearchSettings.from(config("elasticsearch://h1:9201,h2", Map.of()));
    assertThat(s.hosts()).containsExactly(URI.create("http://h1:9201"), URI.create("http://h2:9200"));
    assertThat(s.namespace()).isEqualTo("prod");
    assertThat(s.indexPrefix()).isEqualTo("vamp-pulse");
    assertThat(s.requestLogPrefix()).isEqualTo("vamp-vga");
  }

  @Test
  void httpsStaysHttpsAndNoUriMeansLocalhost() {
    assertThat(ElasticsearchSettings.from(config("https://a:443,b:9243", Map.of())).hosts())
        .containsExactly(URI.create("https://a:443"), URI.create("https://b:9243"));
    assertThat(ElasticsearchSettings.from(config(null, Map.of())).hosts())
        .containsExactly(URI.create("http://127.0.0.1:9200"));
  }

  @Test
  void settingsOverrideNamespacePrefixesAndTimeouts() {
    ElasticsearchSettings s = ElasticsearchSettings.from(config("http://h:9200", Map.of("namespace", "team-a",
        "index-prefix", "pulse", "request-log-prefix", "vga", "connect-timeout", "500ms", "socket-timeout", "1m")));
    assertThat(s.namespace()).isEqualTo("team-a");
    assertThat(s.indexPrefix()).isEqualTo("pulse");
    assertThat(s.requestLogPrefix()).isEqualTo("vga");
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(s.socketTimeout()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void refusesOtherSchemesCredentialsInTheUriAndHalfCredentials() {
    assertThatThrownBy(() -> ElasticsearchSettings.from(config("etcd://h:1", Map.of())))
        .isInstanceOf(DriverException.class).hasMessageContaining("elasticsearch://");
    assertThatThrownBy(() -> ElasticsearchSettings.from(config("http://u:secret@h:9200", Map.of())))
        .isInstanceOf(DriverException.class).hasMessageNotContaining("secret");
    assertThatThrownBy(() -> ElasticsearchSettings.from(config("http://h", Map.of("user", "u"))))
        .isInstanceOf(DriverException.class).hasMessageContaining("together");
    assertThatThrownBy(() -> ElasticsearchSettings.from(config("http://h",
        Map.of("user", "u", "password", "p", "api-key", "k")))).hasMessageContaining("not both");
  }

  @Test
  void refusesANamespaceThatCannotBePartOfAnIndexName() {
    assertThatThrownBy(() -> ElasticsearchSettings.from(config("http://h", Map.of("namespace", "a/b"))))
        .isInstanceOf(DriverException.class).hasMessageContaining("namespace");
    assertThatThrownBy(() -> ElasticsearchSettings.from(config("http://h", Map.of("namespace", "_a"))))
        .isInstanceOf(DriverException.class);
  }

  @Test
  void toStringNeverShowsSecrets() {
    ElasticsearchSettings basic = ElasticsearchSettings.from(config("http://h",
        Map.of("user", "elastic", "password", "s3cret-pw")));
    ElasticsearchSettings key = ElasticsearchSettings.from(config("http://h", Map.of("api-key", "s3cret-key")));
    assertThat(basic.toString()).doesNotContain("s3cret").contains("auth=basic");
    assertThat(key.toString()).doesNotContain("s3cret").contains("auth=api-key");
  }

  @Test
  void durationsReadShortAndIsoForms() {
    assertThat(Durations.parse("w", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("w", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("w", "PT2H")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("w", "1d")).isEqualTo(Duration.ofDays(1));
    assertThatThrownBy(() -> Durations.parse("window", "soon")).hasMessageContaining("window");
  }
}
