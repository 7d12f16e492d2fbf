package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.event.EventSinkFactory;

/**
 * {@code elasticsearch}: an {@link ElasticsearchEventSink} with its own connection, from the URI
 * ({@code elasticsearch://h1:9200,h2:9200}, {@code http(s)://...}; none means
 * {@code http://127.0.0.1:9200}) and the settings {@link ElasticsearchSettings} lists.
 */
public final class ElasticsearchEventSinkFactory implements EventSinkFactory {
  public static final String NAME = "elasticsearch";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public EventSink create(DriverConfig config) {
    return new ElasticsearchEventSink(ElasticsearchConnection.open(ElasticsearchSettings.from(config)), true);
  }
}
