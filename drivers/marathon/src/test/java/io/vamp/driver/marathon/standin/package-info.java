/**
 * Test support, shipped in the module's test-jar: an in-process Marathon stand-in (REST API v2 apps,
 * tasks and deployments, DC/OS login, TLS) and the settings that point the driver (or {@code vamp run}) at it.
 */
package io.vamp.driver.marathon.standin;
