package io.vamp.driver.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a driver factory gets: the namespace the daemon works in (ownership marks and key prefixes
 * use it), a directory it may keep files in, an optional URI ({@code etcd://h1:2379,h2:2379},
 * {@code jdbc:postgresql://...}) and driver-specific settings. Secrets arrive already read from files
 * or environment variables; drivers never log them.
 */
public record DriverConfig(String namespace, Path dataDirectory, Optional<URI> uri, Map<String, String> settings) {

  public DriverConfig {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(dataDirectory, "dataDirectory");
    Objects.requireNonNull(uri, "uri");
    settings = Map.copyOf(settings);
  }

  public Optional<String> setting(String key) {
    return Optional.ofNullable(settings.get(key));
  }
}
