package io.vamp.driver.memory;

import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreContract;
import java.util.UUID;

/** The key-value store contract, against a fresh shared in-process store per test. */
class MemoryKeyValueStoreContractTest extends KeyValueStoreContract {

  private final String storeName = "contract-" + UUID.randomUUID();

  @Override
  protected KeyValueStore newClient() {
    return MemoryKeyValueStore.shared(storeName);
  }
}
