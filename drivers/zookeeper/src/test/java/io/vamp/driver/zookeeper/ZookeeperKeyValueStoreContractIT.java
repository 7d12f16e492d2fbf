package io.vamp.driver.zookeeper;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.RestartableKeyValueStoreContract;
import io.vamp.testing.Servers;
import io.vamp.testing.ZookeeperServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The key-value store contract against a real ZooKeeper (the harness's, restarted for the restart test). */
class ZookeeperKeyValueStoreContractIT extends RestartableKeyValueStoreContract {

  private static final ZookeeperServer SERVER = Servers.zookeeper();

  static DriverConfig config(String chroot, Map<String, String> settings) {
    return new DriverConfig("default", Path.of(System.getProperty("java.io.tmpdir")),
        Optional.of(URI.create("zookeeper://" + SERVER.connectString() + chroot)), settings);
  }

  @Override
  protected KeyValueStore newClient() {
    return new ZookeeperKeyValueStoreFactory().create(config("/vamp-contract", Map.of()));
  }

  @Override
  protected void restartBackend() {
    SERVER.restart();
  }
}
