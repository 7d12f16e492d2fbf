package io.vamp.driver.zookeeper;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code zookeeper} key-value store: {@code zookeeper://h1:2181,h2:2181/chroot} (or
 * {@code zookeeper+tls://...}) with the settings described in this module's README.
 */
public final class ZookeeperKeyValueStoreFactory implements KeyValueStoreFactory {

  public static final String NAME = "zookeeper";
  private static final Logger LOG = LoggerFactory.getLogger(ZookeeperKeyValueStoreFactory.class);

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KeyValueStore create(DriverConfig config) {
    Settings settings = Settings.from(config);
    CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
        .connectString(settings.connectString())
        .sessionTimeoutMs(millis(settings.sessionTimeout()))
        .connectionTimeoutMs(millis(settings.connectionTimeout()))
        // an operation keeps retrying through a short outage, then fails with a retryable error
        .retryPolicy(new RetryUntilElapsed(millis(settings.operationTimeout()), 250))
        .zkClientConfig(clientConfig(settings, config.dataDirectory()));
    if (!settings.chroot().isEmpty()) {
      builder.namespace(settings.chroot());
    }
    if (settings.user().isPresent()) {
      String identity = settings.user().get() + ":" + settings.password().orElseThrow();
      builder.authorization("digest", identity.getBytes(StandardCharsets.UTF_8));
      builder.aclProvider(CREATOR_ONLY);
    }
    CuratorFramework client = builder.build();
    client.start();
    try {
      if (!client.blockUntilConnected(millis(settings.operationTimeout()), TimeUnit.MILLISECONDS)) {
        LOG.warn("zookeeper not reachable yet server={}: operations retry until it is", settings.where());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      client.close();
      throw new DriverException("interrupted while connecting to " + settings.where(), e, true);
    }
    LOG.info("zookeeper store opened server={} session_timeout_ms={} auth={} tls={}", settings.where(),
        millis(settings.sessionTimeout()), settings.user().isPresent() ? "digest" : "none", settings.tls());
    return new ZookeeperKeyValueStore(client, settings);
  }

  /** Nodes this client creates are readable and writable by its digest identity only. */
  private static final ACLProvider CREATOR_ONLY = new ACLProvider() {
    @Override
    public List<ACL> getDefaultAcl() {
      return ZooDefs.Ids.CREATOR_ALL_ACL;
    }

    @Override
    public List<ACL> getAclForPath(String path) {
      return ZooDefs.Ids.CREATOR_ALL_ACL;
    }
  };

  static ZKClientConfig clientConfig(Settings settings, Path dataDirectory) {
    ZKClientConfig config = new ZKClientConfig();
    if (!settings.tls()) {
      return config;
    }
    config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
    config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
    settings.caFile().ifPresent(ca -> {
      config.setProperty("zookeeper.ssl.trustStore.location", ca.toString());
      config.setProperty("zookeeper.ssl.trustStore.type", "PEM");
    });
    if (settings.certFile().isPresent()) {
      // ZooKeeper reads a PEM key store as one file holding the key and the certificate chain
      Path combined = combinedPem(settings.certFile().get(), settings.keyFile().orElseThrow(), dataDirectory);
      config.setProperty("zookeeper.ssl.keyStore.location", combined.toString());
      config.setProperty("zookeeper.ssl.keyStore.type", "PEM");
    }
    return config;
  }

  private static Path combinedPem(Path cert, Path key, Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      Path combined = dataDirectory.resolve("zookeeper-client-keystore.pem");
      Files.deleteIfExists(combined);
      try {
        Files.createFile(combined, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException noPosix) {
        Files.createFile(combined);
      }
      Files.writeString(combined, Files.readString(key) + System.lineSeparator() + Files.readString(cert));
      return combined;
    } catch (IOException e) {
      throw new DriverException("cannot prepare the ZooKeeper client key store in " + dataDirectory + ": "
          + e.getMessage(), e, false);
    }
  }

  private static int millis(java.time.Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
  }
}
