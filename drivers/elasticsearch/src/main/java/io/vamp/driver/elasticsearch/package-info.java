/**
 * Vamp's events in Elasticsearch: {@link io.vamp.driver.elasticsearch.ElasticsearchEventSink} (the
 * {@code elasticsearch} event sink, bulk writes with the event id as document id), the
 * {@link io.vamp.driver.elasticsearch.OutboxShipper} that drains the SQL ledger's outbox into it with
 * {@link io.vamp.driver.elasticsearch.Backoff}, {@link io.vamp.driver.elasticsearch.EventsQuery}, and
 * what they share: {@link io.vamp.driver.elasticsearch.ElasticsearchConnection} (elasticsearch-java 8.19
 * over the low-level REST client, speaking to Elasticsearch 7.8+ and 8/9 alike after asking the server
 * its version: {@code ServerCompatibility}, {@link io.vamp.driver.elasticsearch.ServerInfo}), settings,
 * index names and templates.
 *
 * <p>Depends on the driver SPI, elasticsearch-java and Jackson; never on other drivers. Request logs are
 * in {@code requestlog}, metrics in {@code metrics}, HTTP routes in {@code api}.
 */
package io.vamp.driver.elasticsearch;
