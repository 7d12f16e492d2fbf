package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where Elasticsearch is and how to reach it, read from a {@link DriverConfig}.
 *
 * <p>URI forms: {@code elasticsearch://h1:9200,h2:9200} (plain HTTP), {@code http://h1:9200,h2:9200},
 * {@code https://h1:9200,h2:9200}; none means {@code http://127.0.0.1:9200}. Settings: {@code user} and
 * {@code password} (basic authentication) or {@code api-key} (the encoded {@code id:key} Elasticsearch
 * hands out), {@code ca-file} (a PEM file of the certificate authorities to trust for https),
 * {@code index-prefix} (events, default {@code vamp-pulse}), {@code request-log-prefix} (request logs,
 * default {@code vamp-vga}), {@code namespace} (default: the daemon's), {@code connect-timeout} and
 * {@code socket-timeout} (e.g. {@code 2s}, {@code 30s}).
 *
 * @param hosts            one or more {@code scheme://host:port}
 * @param namespace        part of every index name, lower case
 * @param user             basic authentication, with {@code password}
 * @param apiKey           API-key authentication (instead of user and password)
 * @param caFile           certificate authorities for https; the JVM's defaults when empty
 */
public record ElasticsearchSettings(List<URI> hosts, String namespace, Optional<String> user,
    Optional<String> password, Optional<String> apiKey, Optional<Path> caFile, String indexPrefix,
    String requestLogPrefix, Duration connectTimeout, Duration socketTimeout) {

  public static final String DEFAULT_INDEX_PREFIX = "vamp-pulse";
  public static final String DEFAULT_REQUEST_LOG_PREFIX = "vamp-vga";
  public static final URI DEFAULT_HOST = URI.create("http://127.0.0.1:9200");

  public ElasticsearchSettings {
    hosts = List.copyOf(hosts);
    if (hosts.isEmpty()) {
      throw new DriverException("Elasticsearch: no host given", false);
    }
    namespace = IndexNames.part("namespace", namespace);
    indexPrefix = IndexNames.part("index-prefix", indexPrefix);
    requestLogPrefix = IndexNames.part("request-log-prefix", requestLogPrefix);
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(apiKey, "apiKey");
    Objects.requireNonNull(caFile, "caFile");
    if (user.isPresent() != password.isPresent()) {
      throw new DriverException("Elasticsearch: user and password go together", false);
    }
    if (user.isPresent() && apiKey.isPresent()) {
      throw new DriverException("Elasticsearch: give user and password or api-key, not both", false);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
  }

  /** Plain HTTP to the given hosts, no authentication, default prefixes and timeouts. */
  public static ElasticsearchSettings of(String namespace, URI... hosts) {
    return new ElasticsearchSettings(List.of(hosts), namespace, Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), DEFAULT_INDEX_PREFIX, DEFAULT_REQUEST_LOG_PREFIX,
        Duration.ofSeconds(2), Duration.ofSeconds(30));
  }

  public static ElasticsearchSettings from(DriverConfig config) {
    Map<String, String> s = config.settings();
    return new ElasticsearchSettings(
        hosts(config.uri().orElse(DEFAULT_HOST)),
        s.getOrDefault("namespace", config.namespace()),
        Optional.ofNullable(s.get("user")), Optional.ofNullable(s.get("password")),
        Optional.ofNullable(s.get("api-key")), Optional.ofNullable(s.get("ca-file")).map(Path::of),
        s.getOrDefault("index-prefix", DEFAULT_INDEX_PREFIX),
        s.getOrDefault("request-log-prefix", DEFAULT_REQUEST_LOG_PREFIX),
        Durations.parse("connect-timeout", s.getOrDefault("connect-timeout", "2s")),
        Durations.parse("socket-timeout", s.getOrDefault("socket-timeout", "30s")));
  }

  /** {@code elasticsearch://h1:9200,h2} → {@code http://h1:9200, http://h2:9200}. */
  static List<URI> hosts(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String target = switch (scheme) {
      case "elasticsearch", "http" -> "http";
      case "https" -> "https";
      default -> throw new DriverException("Elasticsearch URI must be elasticsearch://, http:// or https://, not "
          + scheme + "://", false);
    };
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isBlank()) {
      throw new DriverException("Elasticsearch URI names no host: " + redact(uri), false);
    }
    if (authority.contains("@")) {
      throw new DriverException("Elasticsearch URI: put credentials in the settings (user/password or api-key),"
          + " not in the URI", false);
    }
    List<URI> hosts = new ArrayList<>();
    for (String hostPort : authority.split(",")) {
      String trimmed = hostPort.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      URI host = URI.create(target + "://" + trimmed);
      if (host.getHost() == null) {
        throw new DriverException("Elasticsearch URI: cannot read host '" + trimmed + "'", false);
      }
      hosts.add(URI.create(target + "://" + host.getHost() + ":" + (host.getPort() < 0 ? 9200 : host.getPort())));
    }
    return hosts;
  }

  private static String redact(URI uri) {
    return uri.getScheme() + "://...";
  }

  @Override
  public String toString() {
    // never the secrets
    return "ElasticsearchSettings[hosts=" + hosts + ", namespace=" + namespace + ", auth="
        + (apiKey.isPresent() ? "api-key" : user.isPresent() ? "basic" : "none") + ", caFile="
        + caFile.map(Path::toString).orElse("-") + ", indexPrefix=" + indexPrefix + ", requestLogPrefix="
        + requestLogPrefix + "]";
  }
}
