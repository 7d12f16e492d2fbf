/**
 * The etcd key-value store ({@code kv: etcd://h1:2379,h2:2379}) through jetcd: keys as etcd keys under an
 * optional prefix, versions from mod revisions, compare-and-set as one transaction, watches that read at a
 * revision and watch from the next, ephemeral keys on leases this client keeps alive, and leader election
 * on the lease with the leader key's create revision as fencing token. Depends on the driver SPI, jetcd and
 * SLF4J only.
 */
package io.vamp.driver.etcd;
