/**
 * Vamp's HAProxy driver. {@code io.vamp.driver.haproxy.render} turns gateways into HAProxy configuration
 * (pure); the gateway agent that applies it (watch the KV store, validate, reload or use the runtime API,
 * ship request logs) comes next. See the module's README for the mapping from the DSL to HAProxy.
 */
package io.vamp.driver.haproxy;
