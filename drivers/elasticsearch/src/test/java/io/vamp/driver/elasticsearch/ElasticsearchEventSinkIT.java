package io.vamp.driver.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.event.EventSinkFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Events round-trip through a real Elasticsearch 7.10.2 node. */
class ElasticsearchEventSinkIT {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

  @Test
  void eventsAreStoredInVampsShapeAndIndicesAndFoundByTag() {
    String namespace = Es.freshNamespace("rt");
    try (ElasticsearchConnection connection = Es.connect(namespace)) {
      ElasticsearchEventSink sink = new ElasticsearchEventSink(connection);
      List<Event> first = Ledgers.commit("aaa", 2, T0);
      List<Event> second = Ledgers.commit("bbb", 1, T0.plusSeconds(86_400));
      sink.publish(first);
      sink.publish(second);
      Es.refresh(connection.rest(), IndexNames.eventPattern("vamp-pulse", namespace));

      JsonNode indices = Es.get(connection.rest(), "/_cat/indices/vamp-pulse-" + namespace + "-*?format=json&h=index");
      assertThat(indices.findValuesAsText("index")).containsExactlyInAnyOrder(
          "vamp-pulse-" + namespace + "-revision-2024-05-01", "vamp-pulse-" + namespace + "-synchronization-2024-05-01",
          "vamp-pulse-" + namespace + "-revision-2024-05-02",
          "vamp-pulse-" + namespace + "-synchronization-2024-05-02");
      JsonNode mapping = Es.get(connection.rest(), "/vamp-pulse-" + namespace + "-revision-2024-05-01/_mapping");
      JsonNode properties = mapping.elements().next().path("mappings").path("properties");
      assertThat(properties.path("tags").path("type").asText()).isEqualTo("keyword");
      assertThat(properties.path("type").path("type").asText()).isEqualTo("keyword");
      assertThat(properties.path("timestamp").path("type").asText()).isEqualTo("date");
      assertThat(properties.path("value").path("type").asText()).isEqualTo("text");
      assertThat(properties.path("value").path("fields").path("keyword").path("type").asText()).isEqualTo("keyword");

      JsonNode stored = Es.get(connection.rest(), "/vamp-pulse-" + namespace + "-synchronization-2024-05-01/_doc/"
          + "action%2Faaa%2F1%2Fapplied");
      assertThat(stored.path("_source").path("tags")).extracting(JsonNode::asText).contains("deployments",
          "deployments:sava", "synchronization", "synchronization:deployed", "revision:aaa");
      assertThat(stored.path("_source").path("timestamp").asText()).isEqualTo("2024-05-01T10:00:00.010Z");

      EventsQuery query = new EventsQuery(connection);
      assertThat(query.find(List.of("revision:aaa"), Optional.empty(), Optional.empty(), 100))
          .containsExactlyElementsOf(reversed(first));
      assertThat(query.find(List.of("revision:bbb", "synchronization:deployed"), Optional.empty(), Optional.empty(), 100))
          .extracting(Event::id).containsExactly("action/bbb/1/applied");
      assertThat(query.find(List.of("revisions"), Optional.of("revision"), Optional.of(T0.plusSeconds(3600)), 100))
          .extracting(Event::id).containsExactly(second.get(2).id(), second.get(0).id());
      assertThat(query.find(List.of(), Optional.empty(), Optional.empty(), 3)).hasSize(3);
      assertThat(query.find(List.of("deployments:nothing"), Optional.empty(), Optional.empty(), 10)).isEmpty();
    }
  }

  @Test
  void anEventPublishedTwiceIsStoredOnce() {
    String namespace = Es.freshNamespace("twice");
    try (ElasticsearchConnection connection = Es.connect(namespace)) {
      ElasticsearchEventSink sink = new ElasticsearchEventSink(connection);
      List<Event> events = Ledgers.commit("ccc", 3, T0);
      sink.publish(events);
      sink.publish(events);
      sink.publish(List.of(events.get(1), events.get(1)));
      List<String> ids = Es.ids(connection.rest(), IndexNames.eventPattern("vamp-pulse", namespace));
      assertThat(ids).hasSize(events.size()).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(events.stream().map(Event::id).toList());
    }
  }

  @Test
  void aNamespaceDoesNotSeeTheEventsOfOneWhoseNameStartsWithIt() {
    String namespace = Es.freshNamespace("ns");
    try (ElasticsearchConnection mine = Es.connect(namespace);
         ElasticsearchConnection other = Es.connect(namespace + "-eu")) {
      new ElasticsearchEventSink(mine).publish(Ledgers.commit("mine", 1, T0));
      new ElasticsearchEventSink(other).publish(Ledgers.commit("other", 1, T0));
      Es.refresh(mine.rest(), IndexNames.eventPattern("vamp-pulse", namespace));
      assertThat(new EventsQuery(mine).find(List.of("revision"), Optional.empty(), Optional.empty(), 100))
          .extracting(Event::id).allMatch(id -> id.contains("/mine/")).hasSize(3);
    }
  }

  @Test
  void theFactoryIsFoundByNameAndAnUnreachableClusterIsARetryableFailure() {
    EventSinkFactory factory = Drivers.find(EventSinkFactory.class, "elasticsearch");
    // a port nothing listens on: the free-port helper never hands out the same one twice
    int closed = io.vamp.testing.FreePorts.allocate();
    try (EventSink sink = factory.create(new DriverConfig("t", Path.of("/tmp"),
        Optional.of(URI.create("elasticsearch://127.0.0.1:" + closed)), Map.of()))) {
      assertThatThrownBy(() -> sink.publish(List.of(new Event("e1", Set.of("a"), "event", "", T0))))
          .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isTrue());
    }
  }

  private static List<Event> reversed(List<Event> events) {
    List<Event> copy = new java.util.ArrayList<>(events);
    java.util.Collections.reverse(copy);
    return copy;
  }
}
