/** Vamp driver: Consul key-value store and leader election (consul-api). */
package io.vamp.driver.consul;
