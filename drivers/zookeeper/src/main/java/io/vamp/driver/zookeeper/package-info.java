/**
 * The ZooKeeper key-value store ({@code kv: zookeeper://h1:2181,h2:2181/chroot}) through Apache Curator:
 * flat keys over ZooKeeper's tree ({@link io.vamp.driver.zookeeper.NodePaths}), versions from zxids,
 * persistent watches that re-read after every reconnect, ephemeral nodes for ephemeral keys, and leader
 * election with Curator's {@code LeaderLatch} and a zxid as fencing token. Depends on the driver SPI,
 * Curator and SLF4J only.
 */
package io.vamp.driver.zookeeper;
