package io.vamp.driver.consul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Keys Consul and URLs treat specially, and the driver's reserved keys, against the stand-in. */
class ConsulKeysTest {

  @Test
  void keysWithCharactersThatNeedEscapingRoundTripAndElectionsStayOutOfListings() {
    try (ConsulStandIn consul = ConsulStandIn.launch();
         KeyValueStore store = new ConsulKeyValueStoreFactory().create(new DriverConfig("default",
             Path.of(System.getProperty("java.io.tmpdir")), Optional.of(URI.create("consul://127.0.0.1:"
             + consul.port())), Map.of()))) {
      String odd = "/weird/a b/ü?#%&+=";
      long version = store.put(odd, "v");

      assertThat(store.get(odd)).contains(new Versioned("v", version));
      assertThat(store.list("/weird").keySet()).containsExactly(odd);
      LeaderElection election = store.elect("reserved", "me");
      await().until(election::isLeader); // its lock key now exists, under the reserved /~vamp

      assertThat(store.list("/").keySet()).containsExactly(odd);
      assertThat(store.delete(odd)).isTrue();
      assertThat(store.delete(odd)).isFalse();
    }
  }
}
