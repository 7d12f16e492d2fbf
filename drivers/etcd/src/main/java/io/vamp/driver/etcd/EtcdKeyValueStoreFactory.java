package io.vamp.driver.etcd;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code etcd} key-value store: {@code etcd://h1:2379,h2:2379[/prefix]} or {@code etcd+https://...},
 * with the settings described in this module's README.
 */
public final class EtcdKeyValueStoreFactory implements KeyValueStoreFactory {

  public static final String NAME = "etcd";
  private static final Logger LOG = LoggerFactory.getLogger(EtcdKeyValueStoreFactory.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KeyValueStore create(DriverConfig config) {
    Settings settings = Settings.from(config);
    Client client = builder(settings).build();
    LOG.info("etcd store opened server={} lease_ttl_s={} auth={} tls={}", settings.where(),
        settings.leaseTtl().toSeconds(), settings.user().isPresent() ? "user" : "none", settings.tls());
    return new EtcdKeyValueStore(client, settings);
  }

  static ClientBuilder builder(Settings settings) {
    ClientBuilder builder = Client.builder()
        .endpoints(settings.endpoints().toArray(String[]::new))
        .connectTimeout(settings.operationTimeout())
        // gRPC pings an idle connection, so a dead server is noticed within seconds, not minutes
        .keepaliveTime(Duration.ofSeconds(5))
        .keepaliveTimeout(Duration.ofSeconds(3))
        .keepaliveWithoutCalls(true);
    if (settings.user().isPresent()) {
      builder.user(EtcdKeyValueStore.bytes(settings.user().get()))
          .password(EtcdKeyValueStore.bytes(settings.password().orElseThrow()));
    }
    if (settings.tls()) {
      try {
        builder.sslContext(ssl -> {
          settings.caFile().ifPresent(ca -> ssl.trustManager(ca.toFile()));
          settings.certFile().ifPresent(cert ->
              ssl.keyManager(cert.toFile(), settings.keyFile().orElseThrow().toFile()));
        });
      } catch (SSLException | RuntimeException e) {
        throw new DriverException("cannot set up TLS for " + settings.where() + " from ca-file/cert-file/key-file: "
            + e.getMessage(), e, false);
      }
    }
    return builder;
  }
}
