package io.vamp.model.selector;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the scheduler reports about one workload instance, as a selector sees it. An empty text
 * (no image, no namespace) never matches a regex.
 *
 * @param name      the workload's name
 * @param kind      the scheduler's word for it (deployment, app, process, ...)
 * @param namespace its namespace or group
 * @param image     its container image, or empty
 * @param labels    its labels; kept sorted by key, the order {@code label()} tries them in
 * @param ip        the address its instance is reached at
 * @param ports     the ports it exposes, in the scheduler's order ({@code port_index()} counts from 0)
 */
public record Candidate(
    String name,
    String kind,
    String namespace,
    String image,
    Map<String, String> labels,
    String ip,
    List<Integer> ports) {

  public Candidate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(ip, "ip");
    SortedMap<String, String> sorted = new TreeMap<>();
    Objects.requireNonNull(labels, "labels").forEach((key, value) -> sorted.put(
        Objects.requireNonNull(key, "label key"), Objects.requireNonNull(value, "label value")));
    labels = java.util.Collections.unmodifiableSortedMap(sorted);
    ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
    for (int port : ports) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("a port is between 0 and 65535, not " + port);
      }
    }
  }
}
