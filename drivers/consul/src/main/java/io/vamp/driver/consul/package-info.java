/**
 * The Consul key-value store ({@code kv: consul://127.0.0.1:8500}) over Consul's HTTP API through consul-api's
 * raw client: keys as Consul keys under an optional prefix, versions from ModifyIndex (with a fresh Flags
 * value on every write so that none is skipped), puts as transactions, compare-and-set with {@code ?cas=},
 * watches as blocking queries, ephemeral keys held by this client's session ({@code Behavior=delete}), and
 * leader election as a session lock with the acquisition's ModifyIndex as fencing token. Depends on the
 * driver SPI, consul-api (and its Apache HttpClient), Jackson and SLF4J only.
 */
package io.vamp.driver.consul;
