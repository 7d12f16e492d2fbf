/**
 * Vamp's HAProxy driver, in two packages: {@code io.vamp.driver.haproxy.render} turns gateways and their
 * endpoints into HAProxy configuration (pure, deterministic); {@code io.vamp.driver.haproxy.agent} runs
 * beside HAProxy and applies configuration text from the key-value store. See the module's README for the
 * mapping from the DSL to HAProxy.
 */
package io.vamp.driver.haproxy;
