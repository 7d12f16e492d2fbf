/**
 * The gateway agent ({@code vamp agent}): runs beside one HAProxy and keeps it serving the configuration
 * the daemon publishes in the key-value store.
 *
 * <ul>
 *   <li>{@link io.vamp.driver.haproxy.agent.GatewayAgent}: watch, coalesce, validate ({@code haproxy -c}),
 *       weight changes through the runtime API or an atomic file swap and a master-worker reload,
 *       supervision of the HAProxy master, {@code /health}, the status key;</li>
 *   <li>{@link io.vamp.driver.haproxy.agent.AgentSettings}: what it watches, where it keeps its files, its ports;</li>
 *   <li>{@link io.vamp.driver.haproxy.agent.AgentStatus}: what {@code /health} and
 *       {@code /vamp/<ns>/agents/<id>/status} show;</li>
 *   <li>{@link io.vamp.driver.haproxy.agent.RequestLogSink}, {@link io.vamp.driver.haproxy.agent.RequestLog},
 *       {@link io.vamp.driver.haproxy.agent.BoundedRequestLogSink}: request logs received over syslog, for a
 *       shipper (Elasticsearch) to take;</li>
 *   <li>{@link io.vamp.driver.haproxy.agent.AgentKeys}: the key-value store keys daemon and agents share.</li>
 * </ul>
 *
 * <p>Works on configuration text only: it does not need the renderer (a hand-written configuration works
 * the same), and it depends on the driver SPI's {@code KeyValueStore}, Jackson and SLF4J. It starts
 * processes ({@code haproxy}) and binds loopback ports; nothing here is pure.
 */
package io.vamp.driver.haproxy.agent;
