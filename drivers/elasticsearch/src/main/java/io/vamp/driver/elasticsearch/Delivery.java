package io.vamp.driver.elasticsearch;

import java.util.List;
import java.util.Map;

/**
 * What became of a batch of events sent to a sink.
 *
 * @param acknowledged ids stored (or already stored: storing an id again replaces it)
 * @param retryable    id to reason, for events to send again later
 * @param rejected     id to reason, for events the sink will never take as they are
 */
public record Delivery(List<String> acknowledged, Map<String, String> retryable, Map<String, String> rejected) {
  public Delivery {
    acknowledged = List.copyOf(acknowledged);
    retryable = Map.copyOf(retryable);
    rejected = Map.copyOf(rejected);
  }
}
