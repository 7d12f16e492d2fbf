package io.vamp.driver.spi.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One action of a plan and how it went.
 *
 * @param sequence the action's place in its plan, from 0
 * @param type e.g. {@code deploy}, {@code update}, {@code wait-ready}, {@code write-gateways}, {@code remove}
 * @param target what it acted on (a workload id, a KV key)
 * @param outcome e.g. {@code applied}, {@code noop}, {@code failed}
 */
public record ActionRecord(
    String revision, int sequence, String type, String target, String outcome, String detail,
    Instant startedAt, Instant finishedAt) {

  public ActionRecord {
    Objects.requireNonNull(revision, "revision");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(outcome, "outcome");
    detail = detail == null ? "" : detail;
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
