package io.vamp.driver.etcd;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.RestartableKeyValueStoreContract;
import io.vamp.testing.EtcdServer;
import io.vamp.testing.Servers;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** The key-value store contract against a real etcd (the harness's, restarted for the restart test). */
class EtcdKeyValueStoreContractIT extends RestartableKeyValueStoreContract {

  private static final EtcdServer SERVER = Servers.etcd();

  static DriverConfig config(String path, Map<String, String> settings) {
    return new DriverConfig("default", Path.of(System.getProperty("java.io.tmpdir")),
        Optional.of(URI.create("etcd://" + SERVER.host() + ":" + SERVER.port() + path)), settings);
  }

  @Override
  protected KeyValueStore newClient() {
    return new EtcdKeyValueStoreFactory().create(config("/vamp-contract", Map.of()));
  }

  @Override
  protected void restartBackend() {
    SERVER.restart();
  }
}
