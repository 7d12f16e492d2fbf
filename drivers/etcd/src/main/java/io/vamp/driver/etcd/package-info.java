/** Vamp driver: etcd key-value store and leader election (jetcd). */
package io.vamp.driver.etcd;
