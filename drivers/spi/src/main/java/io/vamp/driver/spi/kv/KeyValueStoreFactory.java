package io.vamp.driver.spi.kv;

import io.vamp.driver.spi.DriverFactory;

/** Registers a {@link KeyValueStore} backend by name. */
public interface KeyValueStoreFactory extends DriverFactory<KeyValueStore> {}
