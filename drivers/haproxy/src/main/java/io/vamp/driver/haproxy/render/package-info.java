/**
 * The HAProxy configuration renderer: gateways (from the model's {@code DesiredState}) and the observed
 * endpoints of their routes in, HAProxy 2.6 configuration text out.
 *
 * <ul>
 *   <li>{@link io.vamp.driver.haproxy.render.HaproxyRenderer}: {@code render(gateways, endpoints, settings)}
 *       and {@code plan(...)}, which keeps the sections and the runtime-changeable weights;</li>
 *   <li>{@link io.vamp.driver.haproxy.render.Endpoints}, {@link io.vamp.driver.haproxy.render.Endpoint}: the
 *       instances behind each workload port, and its health check;</li>
 *   <li>{@link io.vamp.driver.haproxy.render.RenderSettings}: bind address, sockets, syslog, ports, timeouts;</li>
 *   <li>{@link io.vamp.driver.haproxy.render.RuntimeChange}: whether going from one configuration to the next
 *       is nothing, {@code set server ... weight} commands, or a reload;</li>
 *   <li>{@link io.vamp.driver.haproxy.render.HaproxyIds}: the HAProxy names of gateways, routes and servers, for
 *       readers of the request log.</li>
 * </ul>
 *
 * <p>Pure and deterministic: no I/O, no clock, no randomness; the same input gives the same bytes. Every
 * name, value, address and path is checked again here ({@link io.vamp.driver.haproxy.render.UnsafeInputException})
 * although the model checks it first. Depends on the model and the driver SPI only.
 */
package io.vamp.driver.haproxy.render;
