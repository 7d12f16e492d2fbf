package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.event.EventSink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events into Elasticsearch in Vamp's shape, one daily index per namespace and type
 * ({@link IndexNames#event}), in bulk, the event id as document id with {@code op_type} index: an event
 * delivered twice is stored once. The index template is installed before the first write.
 *
 * <p>{@link #publish} is all or nothing for its caller (it throws if any event was not stored);
 * {@link #deliver} says per event, for the {@link OutboxShipper}.
 */
public final class ElasticsearchEventSink implements EventSink, EventDelivery {
  private static final Logger LOG = LoggerFactory.getLogger(ElasticsearchEventSink.class);

  private final ElasticsearchConnection connection;
  private final boolean ownsConnection;

  /** A sink over a shared connection, which the caller closes. */
  public ElasticsearchEventSink(ElasticsearchConnection connection) {
    this(connection, false);
  }

  ElasticsearchEventSink(ElasticsearchConnection connection, boolean ownsConnection) {
    this.connection = connection;
    this.ownsConnection = ownsConnection;
  }

  public ElasticsearchConnection connection() {
    return connection;
  }

  @Override
  public void publish(List<Event> events) {
    Delivery delivery = deliver(events);
    if (!delivery.retryable().isEmpty() || !delivery.rejected().isEmpty()) {
      boolean retryable = delivery.rejected().isEmpty();
      Map<String, String> failures = new LinkedHashMap<>(delivery.retryable());
      failures.putAll(delivery.rejected());
      throw new DriverException("Elasticsearch did not store " + failures.size() + " of " + events.size()
          + " events: " + failures, retryable);
    }
  }

  @Override
  public Delivery deliver(List<Event> events) {
    if (events.isEmpty()) {
      return new Delivery(List.of(), Map.of(), Map.of());
    }
    ElasticsearchSettings settings = connection.settings();
    connection.ensureTemplate(IndexTemplates.Kind.EVENTS);
    // the same id twice in one bulk would be written twice; the first wins, as in the ledger
    Map<String, Event> byId = new LinkedHashMap<>();
    events.forEach(e -> byId.putIfAbsent(e.id(), e));
    List<Event> unique = new ArrayList<>(byId.values());
    List<Bulk.Doc> docs = new ArrayList<>(unique.size());
    for (Event event : unique) {
      docs.add(new Bulk.Doc(IndexNames.event(settings.indexPrefix(), settings.namespace(), event.type(),
          event.timestamp()), EventDocuments.documentId(event.id()), EventDocuments.body(event)));
    }
    Bulk.Outcome outcome = Bulk.write(connection, docs);
    List<String> acknowledged = outcome.acknowledged().stream().map(i -> unique.get(i).id()).toList();
    Map<String, String> retryable = new LinkedHashMap<>();
    outcome.retryable().forEach((i, reason) -> retryable.put(unique.get(i).id(), reason));
    Map<String, String> rejected = new LinkedHashMap<>();
    outcome.rejected().forEach((i, reason) -> rejected.put(unique.get(i).id(), reason));
    LOG.debug("elasticsearch events delivered acknowledged={} retryable={} rejected={}", acknowledged.size(),
        retryable.size(), rejected.size());
    return new Delivery(acknowledged, retryable, rejected);
  }

  @Override
  public void close() {
    if (ownsConnection) {
      connection.close();
    }
  }
}
