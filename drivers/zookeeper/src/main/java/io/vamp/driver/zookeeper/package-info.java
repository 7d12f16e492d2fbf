/** Vamp driver: ZooKeeper key-value store and leader election (Curator). */
package io.vamp.driver.zookeeper;
