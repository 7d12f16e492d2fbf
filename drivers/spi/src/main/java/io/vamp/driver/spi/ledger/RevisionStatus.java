package io.vamp.driver.spi.ledger;

/** Where a revision stands. */
public enum RevisionStatus {
  /** Seen, being worked on. */
  IN_PROGRESS,
  /** Everything it asked for was applied. */
  APPLIED,
  /** Invalid: nothing was applied; the detail lists the problems. */
  REJECTED,
  /** A newer commit arrived before it finished; the newer one wins. */
  SUPERSEDED,
  /** An action failed; the detail names it. The next attempt retries. */
  FAILED
}
