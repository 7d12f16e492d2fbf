package io.vamp.driver.haproxy.agent;

/**
 * Where the agent hands the request logs it receives, one record at a time on its syslog thread. An
 * implementation must not block: queue the record (and ship batches from a thread of its own) or
 * refuse it. Refused records are counted as dropped in the agent's status.
 *
 * <p>{@link BoundedRequestLogSink} is a bounded in-memory queue; an Elasticsearch shipper drains one.
 */
@FunctionalInterface
public interface RequestLogSink {

  /** @return false when the record was dropped (a full queue) */
  boolean offer(RequestLog record);

  /** Accepts every record and keeps none: for an agent whose request logs go nowhere. */
  static RequestLogSink discard() {
    return record -> true;
  }
}
