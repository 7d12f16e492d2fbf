package io.vamp.driver.memory;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import java.net.URI;

/**
 * The {@code memory} key-value store. Every store made with the same store name shares its data in
 * this JVM: the name is the URI's authority ({@code memory://blue}), else the {@code store} setting,
 * else {@code default}.
 */
public final class MemoryKeyValueStoreFactory implements KeyValueStoreFactory {

  public static final String NAME = "memory";
  public static final String DEFAULT_STORE = "default";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public KeyValueStore create(DriverConfig config) {
    return MemoryKeyValueStore.shared(storeName(config));
  }

  static String storeName(DriverConfig config) {
    if (config.uri().isPresent()) {
      URI uri = config.uri().get();
      if (!NAME.equalsIgnoreCase(uri.getScheme())) {
        throw new DriverException("the memory store takes a memory:// URI, not " + uri.getScheme() + ":", false);
      }
      String authority = uri.getAuthority();
      if (authority != null && !authority.isBlank()) {
        return authority;
      }
    }
    return config.setting("store").filter(s -> !s.isBlank()).orElse(DEFAULT_STORE);
  }
}
