package io.vamp.driver.elasticsearch;

import java.util.Objects;

/**
 * What the server said about itself on {@code GET /}, and so how this driver's client speaks to it
 * ({@link ElasticsearchConnection#server()}).
 *
 * @param version the server's {@code version.number}, or {@code unknown} when it could not be read
 * @param mode    how the client speaks to it
 * @param assumed true when the version could not be read ({@code GET /} answered 403: it needs the
 *                cluster privilege {@code monitor}) and the mode was inferred from the product header
 */
public record ServerInfo(String version, Mode mode, boolean assumed) {

  /** How the client speaks to the server. */
  public enum Mode {
    /** Elasticsearch 8 or later: elasticsearch-java as it is, nothing changed. */
    NATIVE,
    /** Elasticsearch 7.8 or a later 7.x: plain JSON media types, the product header added when missing. */
    ELASTICSEARCH_7
  }

  public ServerInfo {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(mode, "mode");
  }
}
