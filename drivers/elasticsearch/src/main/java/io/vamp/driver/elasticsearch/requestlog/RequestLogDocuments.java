package io.vamp.driver.elasticsearch.requestlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.elasticsearch.IndexNames;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a parsed HAProxy request-log record (keys {@code ci, cp, t, ft, b, s, Tq, Tw, Tc, Tr, Tt, ST, B, ...}
 * as the renderer's JSON log-format writes them) into a document: the record as it is, plus
 * {@code @timestamp}, which decides the daily index and is what metrics windows filter on.
 *
 * <p>{@code @timestamp} is the record's own {@code @timestamp} when it has one (an {@link Instant}, epoch
 * milliseconds, or ISO-8601 text); else its {@code t} ({@code %t}: {@code 10/Oct/2000:13:55:36.057}, the
 * HAProxy host's local time, read in {@code zone}); else the time the shipper got it.
 */
final class RequestLogDocuments {
  static final DateTimeFormatter HAPROXY_DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ROOT);

  private final ObjectMapper json;
  private final String prefix;
  private final String namespace;
  private final ZoneId zone;

  RequestLogDocuments(ObjectMapper json, String prefix, String namespace, ZoneId zone) {
    this.json = json;
    this.prefix = prefix;
    this.namespace = namespace;
    this.zone = zone;
  }

  /** The derived field metrics use for response time, in milliseconds. */
  static final String RESPONSE_TIME = "rt";

  LogEntry entry(Map<String, ?> record, String id, Instant received) {
    Instant timestamp = timestamp(record, received);
    Map<String, Object> body = new LinkedHashMap<>();
    record.forEach((k, v) -> {
      if (!"@timestamp".equals(k)) {
        body.put(k, v);
      }
    });
    body.put("@timestamp", timestamp.toString());
    responseTime(record).ifPresent(rt -> body.put(RESPONSE_TIME, rt));
    try {
      return new LogEntry(IndexNames.requestLog(prefix, namespace, timestamp), id, json.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("request-log record cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The time HAProxy was busy with the request, without the time a kept-alive connection sat idle before
   * it: {@code Ta} when the log has it; else {@code Tt - Tq} ({@code Tq} holds the handshake, the idle
   * time and the time to receive the request: only the last is lost, near zero for requests without a
   * large body); else {@code Tt} (TCP, or no {@code Tq}). {@code Tt} alone would count idle time: the
   * hop between a weighted gateway and a route keeps its connections alive, so on the route's lines it
   * was several times the real latency under load.
   */
  static java.util.Optional<Long> responseTime(Map<String, ?> record) {
    Long ta = number(record.get("Ta"));
    if (ta != null && ta >= 0) {
      return java.util.Optional.of(ta);
    }
    Long tt = number(record.get("Tt"));
    if (tt == null || tt < 0) {
      return java.util.Optional.empty();
    }
    Long tq = number(record.get("Tq"));
    return java.util.Optional.of(tq != null && tq >= 0 && tq <= tt ? tt - tq : tt);
  }

  private static Long number(Object value) {
    if (value instanceof Number n) {
      return n.longValue();
    }
    if (value instanceof CharSequence text) {
      try {
        return Long.parseLong(text.toString().trim().replace("+", ""));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  Instant timestamp(Map<String, ?> record, Instant received) {
    Object given = record.get("@timestamp");
    if (given instanceof Instant instant) {
      return instant;
    }
    if (given instanceof Number millis) {
      return Instant.ofEpochMilli(millis.longValue());
    }
    if (given instanceof CharSequence text) {
      try {
        return Instant.parse(text);
      } catch (DateTimeParseException e) {
        // fall through to t
      }
    }
    Object t = record.get("t");
    if (t instanceof CharSequence text) {
      try {
        return LocalDateTime.parse(text, HAPROXY_DATE).atZone(zone).toInstant();
      } catch (DateTimeParseException e) {
        // fall through to the arrival time
      }
    }
    return received;
  }
}
