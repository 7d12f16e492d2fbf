/** Vamp driver: Elasticsearch events, request logs and metrics (elasticsearch-java). */
package io.vamp.driver.elasticsearch;
