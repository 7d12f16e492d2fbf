/**
 * The daemon's HTTP routes over Elasticsearch ({@code /api/v1/metrics/...}, {@code /api/v1/events}):
 * {@link io.vamp.driver.elasticsearch.api.ElasticRoutes#register}. Javalin is a {@code provided}
 * dependency: the daemon brings it; nothing else in this module touches it.
 */
package io.vamp.driver.elasticsearch.api;
