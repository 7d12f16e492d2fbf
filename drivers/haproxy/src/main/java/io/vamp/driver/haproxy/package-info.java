/** Vamp driver: HAProxy configuration renderer and the gateway agent. */
package io.vamp.driver.haproxy;
