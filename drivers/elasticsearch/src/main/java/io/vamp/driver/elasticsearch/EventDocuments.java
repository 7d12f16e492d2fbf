package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.event.Event;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Events as Vamp stored them: {@code {"tags": [...], "type": "...", "value": "...", "timestamp": "ISO-8601"}},
 * with the event's id as the document id. Tags are written as the event holds them (a tag {@code a:b}
 * already implies {@code a}).
 */
public final class EventDocuments {
  /** Elasticsearch's limit on a document id, in UTF-8 bytes. */
  static final int MAX_ID_BYTES = 512;

  private EventDocuments() {}

  public static Map<String, Object> body(Event event) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("tags", new ArrayList<>(event.tags()));
    body.put("type", event.type());
    body.put("value", event.value());
    body.put("timestamp", event.timestamp().toString());
    return body;
  }

  /** The event's id, or for one longer than Elasticsearch allows, {@code sha256:<hex>} of it (still stable). */
  public static String documentId(String eventId) {
    byte[] bytes = eventId.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_ID_BYTES) {
      return eventId;
    }
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads a stored document back into an event. */
  static Event event(String id, Map<String, Object> source) {
    Object tags = source.get("tags");
    TreeSet<String> tagSet = new TreeSet<>();
    if (tags instanceof Iterable<?> list) {
      list.forEach(t -> tagSet.add(String.valueOf(t)));
    } else if (tags != null) {
      tagSet.add(String.valueOf(tags));
    }
    Object type = source.getOrDefault("type", "event");
    Object value = source.getOrDefault("value", "");
    Object timestamp = source.get("timestamp");
    return new Event(id, tagSet, String.valueOf(type), value == null ? "" : String.valueOf(value),
        timestamp == null ? Instant.EPOCH : Instant.parse(String.valueOf(timestamp)));
  }
}
