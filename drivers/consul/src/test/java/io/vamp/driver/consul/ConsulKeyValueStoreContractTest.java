package io.vamp.driver.consul;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.RestartableKeyValueStoreContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/**
 * The key-value store contract against the in-process Consul stand-in ({@link ConsulStandIn}): Consul cannot
 * run here, so this is a stand-in result, not a real-server one.
 */
class ConsulKeyValueStoreContractTest extends RestartableKeyValueStoreContract {

  private static final ConsulStandIn CONSUL = ConsulStandIn.launch();

  @AfterAll
  static void stopStandIn() {
    CONSUL.close();
  }

  @Override
  protected KeyValueStore newClient() {
    return new ConsulKeyValueStoreFactory().create(new DriverConfig("default",
        Path.of(System.getProperty("java.io.tmpdir")),
        Optional.of(URI.create("consul://127.0.0.1:" + CONSUL.port() + "/vamp-contract")), Map.of()));
  }

  /** Writes through the stand-in's HTTP server are slow (a round takes about 0.4 s here), so fewer rounds. */
  @Override
  protected int fenceRaceRounds() {
    return 12;
  }

  @Override
  protected void restartBackend() {
    CONSUL.stop();
    CONSUL.start();
  }
}
