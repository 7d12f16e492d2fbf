/**
 * The in-process key-value store, the embedded default ({@code kv: memory}): {@link
 * io.vamp.driver.memory.MemoryKeyValueStore} and its factory. Clients of one named store share
 * data, watches, ephemeral keys and leader elections inside one JVM. Depends on the driver SPI only.
 */
package io.vamp.driver.memory;
