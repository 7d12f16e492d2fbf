package io.vamp.driver.consul;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code consul} key-value store: {@code consul://h:8500[/prefix]} or {@code consul+https://...}, with the
 * settings described in this module's README.
 */
public final class ConsulKeyValueStoreFactory implements KeyValueStoreFactory {

  public static final String NAME = "consul";
  private static final Logger LOG = LoggerFactory.getLogger(ConsulKeyValueStoreFactory.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KeyValueStore create(DriverConfig config) {
    Settings settings = Settings.from(config);
    ConsulHttp http = new ConsulHttp(settings);
    LOG.info("consul store opened server={} session_ttl_s={} lock_delay_s={} token={} tls={}", settings.where(),
        settings.sessionTtl().toSeconds(), settings.lockDelay().toSeconds(),
        settings.token().isPresent() ? "set" : "none", settings.tls());
    return new ConsulKeyValueStore(http, settings);
  }
}
