package io.vamp.driver.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.kv.Versioned;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MemoryKeyValueStoreFactoryTest {

  private static DriverConfig config(Optional<URI> uri, Map<String, String> settings) {
    return new DriverConfig("default", Path.of("unused"), uri, settings);
  }

  @Test
  void theFactoryIsFoundByNameThroughServiceLoader() {
    assertThat(Drivers.find(KeyValueStoreFactory.class, "memory")).isInstanceOf(MemoryKeyValueStoreFactory.class);
  }

  @Test
  void storesMadeWithTheSameNameShareTheirData() {
    String name = "shared-" + UUID.randomUUID();
    KeyValueStoreFactory factory = new MemoryKeyValueStoreFactory();
    try (KeyValueStore byUri = factory.create(config(Optional.of(URI.create("memory://" + name)), Map.of()));
         KeyValueStore bySetting = factory.create(config(Optional.empty(), Map.of("store", name)));
         KeyValueStore other = factory.create(config(Optional.empty(), Map.of("store", name + "-other")))) {
      long version = byUri.put("/vamp/k", "v");

      assertThat(bySetting.get("/vamp/k")).contains(new Versioned("v", version));
      assertThat(other.get("/vamp/k")).isEmpty();
    }
  }

  @Test
  void theStoreNameDefaultsToDefault() {
    assertThat(MemoryKeyValueStoreFactory.storeName(config(Optional.empty(), Map.of()))).isEqualTo("default");
    assertThat(MemoryKeyValueStoreFactory.storeName(config(Optional.of(URI.create("memory:///")), Map.of())))
        .isEqualTo("default");
  }

  @Test
  void aUriOfAnotherSchemeIsRefused() {
    assertThatThrownBy(() -> new MemoryKeyValueStoreFactory().create(
        config(Optional.of(URI.create("etcd://localhost:2379")), Map.of())))
        .isInstanceOf(DriverException.class).hasMessageContaining("memory://");
  }

  @Test
  void aPrivateStoreSharesNothingButItsOwnClients() {
    try (MemoryKeyValueStore first = MemoryKeyValueStore.open();
         MemoryKeyValueStore sibling = first.newClient();
         MemoryKeyValueStore stranger = MemoryKeyValueStore.open()) {
      first.put("/k", "v");

      assertThat(sibling.get("/k")).isPresent();
      assertThat(stranger.get("/k")).isEmpty();
    }
  }

  @Test
  void aClosedClientRefusesFurtherUse() {
    MemoryKeyValueStore client = MemoryKeyValueStore.open();
    client.close();

    assertThatThrownBy(() -> client.get("/k")).isInstanceOf(DriverException.class).hasMessageContaining("closed");
  }
}
