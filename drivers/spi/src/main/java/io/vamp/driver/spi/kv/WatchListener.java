package io.vamp.driver.spi.kv;

import java.util.Optional;

/** Receives changes of watched keys; an empty value means the key was deleted. */
@FunctionalInterface
public interface WatchListener {
  void changed(String key, Optional<Versioned> value);
}
