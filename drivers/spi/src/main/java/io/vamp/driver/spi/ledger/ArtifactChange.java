package io.vamp.driver.spi.ledger;

/** How a revision changed one artifact ({@code kind/name}) compared with the revision recorded before it. */
public enum ArtifactChange {
  /** Not there before. */
  ADDED,
  /** There before, with other content. */
  CHANGED,
  /** There before, gone now. */
  REMOVED
}
