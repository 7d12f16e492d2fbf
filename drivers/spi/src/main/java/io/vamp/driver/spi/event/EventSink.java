package io.vamp.driver.spi.event;

import java.util.List;

/** Where events go (the ledger's outbox, Elasticsearch). Publishing an event id twice stores it once. */
public interface EventSink extends AutoCloseable {

  void publish(List<Event> events);

  @Override
  void close();
}
