/**
 * Test support, shipped in the module's test-jar: a Kubernetes API stand-in (fabric8's mock server in
 * CRUD mode) with simulated controllers, and the settings that point the driver (or {@code vamp run}) at it.
 */
package io.vamp.driver.kubernetes.standin;
