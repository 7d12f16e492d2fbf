package io.vamp.driver.spi.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A commit as the ledger keeps it. */
public record RevisionRecord(
    String sha,
    Optional<String> parent,
    String author,
    String committer,
    String message,
    Instant commitTime,
    Instant observedAt,
    RevisionStatus status,
    String detail,
    Optional<Instant> finishedAt) {

  public RevisionRecord {
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(parent, "parent");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(committer, "committer");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(commitTime, "commitTime");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
