package io.vamp.driver.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.event.Event;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Events read back from Elasticsearch: all of the given tags (AND, as in Vamp), optionally of one type
 * and since a time (inclusive), newest first. Backs {@code GET /api/v1/events?tag=...&since=...}.
 */
public final class EventsQuery {
  /** Vamp's default page size. */
  public static final int DEFAULT_LIMIT = 30;
  public static final int MAX_LIMIT = 10_000;

  private static final TypeReference<Map<String, Object>> SOURCE = new TypeReference<>() { };

  private final ElasticsearchConnection connection;

  public EventsQuery(ElasticsearchConnection connection) {
    this.connection = Objects.requireNonNull(connection, "connection");
  }

  /**
   * @param tags  every tag an event must carry; none means all events
   * @param type  only events of this type
   * @param since only events at or after this time
   * @param limit at most this many (1 to {@value #MAX_LIMIT})
   */
  public List<Event> find(List<String> tags, Optional<String> type, Optional<Instant> since, int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ", got " + limit);
    }
    ElasticsearchSettings settings = connection.settings();
    List<Query> filters = new ArrayList<>();
    for (String tag : tags) {
      filters.add(Query.of(q -> q.term(t -> t.field("tags").value(tag))));
    }
    type.ifPresent(t -> filters.add(Query.of(q -> q.term(x -> x.field("type").value(t)))));
    since.ifPresent(s -> filters.add(Query.of(q -> q.range(r -> r.date(d -> d.field("timestamp").gte(s.toString()))))));
    // outside the try: a server this driver cannot speak to is not "unreachable"
    ElasticsearchClient client = connection.client();
    SearchResponse<JsonNode> response;
    try {
      response = client.search(s -> s
          .index(IndexNames.eventPattern(settings.indexPrefix(), settings.namespace()))
          .ignoreUnavailable(true).allowNoIndices(true)
          .query(q -> q.bool(b -> b.filter(filters)))
          .sort(o -> o.field(f -> f.field("timestamp").order(SortOrder.Desc).unmappedType(
              co.elastic.clients.elasticsearch._types.mapping.FieldType.Date)))
          .size(limit), JsonNode.class);
    } catch (ElasticsearchException e) {
      throw new DriverException("Elasticsearch refused an events query status=" + e.status() + ": "
          + e.getMessage(), e, e.status() == 429 || e.status() >= 500);
    } catch (IOException | RuntimeException e) {
      throw new DriverException("Elasticsearch unreachable at " + connection.where() + ": " + e, e, true);
    }
    List<Event> events = new ArrayList<>();
    for (Hit<JsonNode> hit : response.hits().hits()) {
      if (hit.source() == null) {
        continue;
      }
      Map<String, Object> source = connection.json().convertValue(hit.source(), SOURCE);
      Event event = EventDocuments.event(hit.id(), source);
      // <prefix>-prod-* also matches namespace prod-eu: keep only what this namespace wrote there
      if (hit.index().equals(IndexNames.event(settings.indexPrefix(), settings.namespace(), event.type(),
          event.timestamp()))) {
        events.add(event);
      }
    }
    return events;
  }
}
