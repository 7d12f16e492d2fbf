package io.vamp.driver.haproxy.agent;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One request logged by HAProxy in the renderer's JSON log format, as received over syslog.
 *
 * @param receivedAt when the agent received it
 * @param host the syslog host field (empty when HAProxy sends none)
 * @param timestamp the syslog timestamp as HAProxy wrote it
 * @param json the JSON payload exactly as received: a ready document for an index
 * @param fields the same, parsed: {@code ft} the frontend (a gateway), {@code b} the backend (a route),
 *     {@code ST} the status, {@code Tt} the total time in ms, ... (see the renderer's {@code LogFormats})
 */
public record RequestLog(Instant receivedAt, String host, String timestamp, String json, Map<String, Object> fields) {

  public RequestLog {
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(json, "json");
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** The frontend ({@code ft}): a gateway's HAProxy name. */
  public Optional<String> frontend() {
    return text("ft");
  }

  /** The backend ({@code b}): a route's HAProxy name for requests that reached one. */
  public Optional<String> backend() {
    return text("b");
  }

  /** The HTTP status ({@code ST}); absent for TCP and for requests that got no answer. */
  public OptionalInt status() {
    Object value = fields.get("ST");
    return value instanceof Number number && number.intValue() > 0 ? OptionalInt.of(number.intValue())
        : OptionalInt.empty();
  }

  private Optional<String> text(String key) {
    Object value = fields.get(key);
    return value instanceof String s ? Optional.of(s) : Optional.empty();
  }
}
