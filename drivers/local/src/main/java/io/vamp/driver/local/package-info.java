/** Vamp driver: local processes scheduler (the embedded default). */
package io.vamp.driver.local;
