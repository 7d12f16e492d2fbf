/** Vamp driver: Marathon / DC/OS scheduler (marathon-client). */
package io.vamp.driver.marathon;
