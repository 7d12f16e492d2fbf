/** Vamp driver: in-process key-value store (the embedded default). */
package io.vamp.driver.memory;
