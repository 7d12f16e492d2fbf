package io.vamp.driver.spi.event;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * An event in Vamp's shape: tags such as {@code deployments:sava}, {@code revision:<sha>},
 * {@code synchronization:deployed}, a type, a value and a timestamp. A tag {@code a:b} also implies
 * the tag {@code a}.
 *
 * @param id stable and unique, so a sink can deliver an event more than once without duplicating it
 */
public record Event(String id, Set<String> tags, String type, String value, Instant timestamp) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(timestamp, "timestamp");
    TreeSet<String> expanded = new TreeSet<>();
    for (String tag : tags) {
      expanded.add(tag);
      int colon = tag.indexOf(':');
      if (colon > 0) {
        expanded.add(tag.substring(0, colon));
      }
    }
    tags = java.util.Collections.unmodifiableSortedSet(expanded);
  }
}
