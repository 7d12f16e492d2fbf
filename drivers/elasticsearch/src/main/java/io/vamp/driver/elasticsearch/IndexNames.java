package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.DriverException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Index names, Vamp's: events in {@code <prefix>-<namespace>-<type>-YYYY-MM-DD}
 * ({@code vamp-pulse-default-synchronization-2024-05-01}), request logs in
 * {@code <prefix>-<namespace>-YYYY.MM.DD} ({@code vamp-vga-default-2024.05.01}). Days are UTC days of
 * the event's or request's own timestamp, never of the delivery, so delivering an event again always
 * lands in the same index and its id stays unique.
 */
public final class IndexNames {
  private static final DateTimeFormatter EVENT_DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
  private static final DateTimeFormatter LOG_DAY = DateTimeFormatter.ofPattern("yyyy.MM.dd", Locale.ROOT);

  private IndexNames() {}

  public static String event(String prefix, String namespace, String type, Instant timestamp) {
    return prefix + "-" + namespace + "-" + type(type) + "-" + EVENT_DAY.format(timestamp.atZone(ZoneOffset.UTC));
  }

  /** All event indices of a namespace (the type and day are wildcards). */
  public static String eventPattern(String prefix, String namespace) {
    return prefix + "-" + namespace + "-*";
  }

  public static String requestLog(String prefix, String namespace, Instant timestamp) {
    return prefix + "-" + namespace + "-" + LOG_DAY.format(timestamp.atZone(ZoneOffset.UTC));
  }

  /**
   * The request-log indices of the days {@code from} to {@code to} touch, named one by one rather than
   * by a pattern: {@code vamp-vga-prod-*} would also match namespace {@code prod-eu}'s indices.
   */
  public static List<String> requestLogs(String prefix, String namespace, Instant from, Instant to) {
    List<String> names = new ArrayList<>();
    LocalDate last = to.atZone(ZoneOffset.UTC).toLocalDate();
    for (LocalDate day = from.atZone(ZoneOffset.UTC).toLocalDate(); !day.isAfter(last); day = day.plusDays(1)) {
      names.add(prefix + "-" + namespace + "-" + LOG_DAY.format(day));
    }
    return names;
  }

  /**
   * An event type as it appears in an index name: lower case, and anything but letters, digits,
   * {@code _} and {@code -} replaced by {@code _} (Vamp asks types to use only those).
   */
  public static String type(String type) {
    String lower = type.toLowerCase(Locale.ROOT);
    StringBuilder out = new StringBuilder(lower.length());
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      out.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ? c : '_');
    }
    return out.length() == 0 ? "event" : out.toString();
  }

  /** A configured part of an index name (namespace, prefix): lower-cased, and refused if it cannot be one. */
  static String part(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new DriverException("Elasticsearch " + what + " is empty", false);
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.')) {
        throw new DriverException("Elasticsearch " + what + " '" + value + "' may hold only letters, digits, '_',"
            + " '-' and '.' (it is part of index names)", false);
      }
    }
    if (lower.charAt(0) == '_' || lower.charAt(0) == '-' || lower.charAt(0) == '.') {
      throw new DriverException("Elasticsearch " + what + " '" + value + "' cannot start with '_', '-' or '.'",
          false);
    }
    return lower;
  }
}
