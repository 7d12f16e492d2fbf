/**
 * The Marathon / DC/OS scheduler driver: an app per workload, spoken to over Marathon's REST API v2 with
 * the JDK's HTTP client and Jackson, with DC/OS authentication and TLS. {@link io.vamp.driver.marathon.AppRenderer},
 * the dialect check, the workload codec and the drift check are pure; the scheduler and the client do the
 * I/O. Depends on the driver SPI (and through it the model and Jackson) only.
 */
package io.vamp.driver.marathon;
