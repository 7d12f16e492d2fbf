package io.vamp.reconciler.daemon;

import io.javalin.Javalin;
import io.vamp.driver.elasticsearch.ElasticsearchConnection;
import io.vamp.driver.elasticsearch.ElasticsearchEventSink;
import io.vamp.driver.elasticsearch.ElasticsearchSettings;
import io.vamp.driver.elasticsearch.OutboxShipper;
import io.vamp.driver.elasticsearch.api.ElasticRoutes;
import io.vamp.driver.elasticsearch.metrics.LogIds;
import io.vamp.driver.elasticsearch.metrics.MetricsQuery;
import io.vamp.driver.elasticsearch.requestlog.RequestLogShipper;
import io.vamp.driver.haproxy.agent.RequestLogSink;
import io.vamp.driver.haproxy.render.HaproxyIds;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.reconciler.config.ConfigException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elasticsearch, when configured: events leave the ledger's outbox for daily indices (each exactly
 * once, whatever the outages), the embedded agent's request logs are shipped (buffered on disk while
 * the cluster is away), and the API serves per-gateway and per-route metrics from them. Elasticsearch
 * 7.8+ and 8.x/9.x alike: the connection asks the server its version at start and speaks its dialect.
 */
final class ElasticsearchWiring implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchWiring.class);

  private final ElasticsearchConnection connection;
  private final OutboxShipper events;
  private final RequestLogShipper requestLogs;
  private final MetricsQuery metrics;

  private ElasticsearchWiring(ElasticsearchConnection connection, Ledger ledger, Path dataDirectory) {
    this.connection = connection;
    this.events = new OutboxShipper(ledger, new ElasticsearchEventSink(connection));
    this.requestLogs = new RequestLogShipper(connection,
        RequestLogShipper.Options.defaults(dataDirectory.resolve("request-logs")));
    this.metrics = new MetricsQuery(connection, LogIds.of(HaproxyIds::gateway, HaproxyIds::route,
        HaproxyIds::routeServer));
  }

  static Optional<ElasticsearchWiring> open(Optional<String> uri, String namespace, Path dataDirectory,
      Map<String, String> settings, Ledger ledger) {
    if (uri.isEmpty()) {
      return Optional.empty();
    }
    ElasticsearchSettings parsed = ElasticsearchSettings.from(
        new DriverConfig(namespace, dataDirectory, Optional.of(URI.create(uri.get())), settings));
    ElasticsearchConnection connection = ElasticsearchConnection.open(parsed);
    try {
      // ask the server its version now: one that cannot be spoken to (OpenSearch, before 7.8) or that
      // refuses the credentials stops the start with its reason; one that is away is asked again later
      connection.server();
    } catch (DriverException e) {
      if (!e.retryable()) {
        connection.close();
        throw new ConfigException("elasticsearch.uri: " + e.getMessage());
      }
      LOG.warn("elasticsearch not reachable at start hosts={} error=\"{}\" (events wait in the ledger's outbox)",
          connection.where(), e.getMessage());
    }
    ElasticsearchWiring wiring = new ElasticsearchWiring(connection, ledger, dataDirectory);
    wiring.events.start();
    wiring.requestLogs.start();
    return Optional.of(wiring);
  }

  /** Where the embedded agent hands the request logs it receives. */
  RequestLogSink requestLogSink() {
    return log -> requestLogs.ship(log.fields());
  }

  void registerRoutes(Javalin app) {
    ElasticRoutes.registerMetrics(app, metrics);
  }

  @Override
  public void close() {
    events.stop();
    requestLogs.stop();
    connection.close();
  }
}
