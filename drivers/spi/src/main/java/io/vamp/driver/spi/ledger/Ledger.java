package io.vamp.driver.spi.ledger;

import io.vamp.driver.spi.event.Event;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable record of what the daemon saw and did: every revision with its outcome, every action of
 * every plan, the inventory of what this daemon owns, and an outbox of events. Each method is one
 * transaction, so a crash never leaves half a record. After a restart the daemon knows its inventory
 * and last applied revision from the ledger alone.
 *
 * <p>Times are kept to the millisecond. A key too long for the ledger (a sha, a name, an event id) is
 * refused with a non-retryable {@link io.vamp.driver.spi.DriverException}, never cut short.
 */
public interface Ledger extends AutoCloseable {

  /** Records a revision the first time it is seen (a second call for the same sha changes nothing). */
  void recordRevision(RevisionRecord revision);

  /**
   * Moves a revision to a new status, with the problems or failure detail. A finished status
   * (anything but {@link RevisionStatus#IN_PROGRESS}) sets the revision's finish time to now; moving
   * back to {@code IN_PROGRESS} is a new attempt and clears it. {@code SUPERSEDED} leaves a revision
   * that is {@code APPLIED} as it is (a deposed leader's attempt, cut short, must not hide that the new
   * leader applied the same commit). An unknown sha fails with a {@link io.vamp.driver.spi.DriverException}.
   */
  void updateRevision(String sha, RevisionStatus status, String detail);

  Optional<RevisionRecord> revision(String sha);

  /** At most {@code limit} revisions, the most recently recorded first. */
  List<RevisionRecord> revisions(int limit);

  /** Of the revisions whose status is {@code APPLIED}, the one that became so last. */
  Optional<RevisionRecord> lastApplied();

  /** The revision whose attempt started last: recorded, or moved back to {@code IN_PROGRESS}, last. */
  Optional<RevisionRecord> lastAttempted();

  /**
   * Records an action's outcome; the same (revision, sequence) recorded again replaces it. The
   * revision must have been recorded.
   */
  void recordAction(ActionRecord action);

  /** The actions of a revision in sequence order; empty if none. */
  List<ActionRecord> actions(String sha);

  Inventory inventory();

  void saveInventory(Inventory inventory);

  /**
   * Records the artifacts of a revision as its tree held them, {@code kind/name} (e.g.
   * {@code breed/sava:1.0.0}) to content; recording the same revision again replaces the set. Content
   * is stored once however many revisions hold it. The revision must have been recorded.
   */
  void recordArtifacts(String sha, Map<String, String> kindSlashNameToContent);

  /** The artifacts recorded for a revision, {@code kind/name} to content, sorted by key; empty if none. */
  Map<String, String> artifacts(String sha);

  /**
   * What a revision's recorded artifacts changed, {@code kind/name} to how, sorted by key: compared with
   * the artifacts of the revision recorded before it (the latest one observed before it that had
   * artifacts when these were recorded); all of them {@link ArtifactChange#ADDED} when there is none.
   * Empty when its artifacts were not recorded or are the same as before.
   *
   * <p>Added after the first release: a ledger that predates it answers with an
   * {@link UnsupportedOperationException}.
   */
  default Map<String, ArtifactChange> changes(String sha) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot tell what a revision changed");
  }

  /**
   * The revisions a query selects, the most recently recorded first: "what ran at 14:02" (status
   * {@code APPLIED}, until 14:02, limit 1), "who changed sava" (deployment {@code sava}), "what failed
   * this week" (status {@code FAILED}, since a week ago). See {@link HistoryQuery} for what each filter
   * means.
   *
   * <p>Added after the first release: a ledger that predates it answers with an
   * {@link UnsupportedOperationException}.
   */
  default List<RevisionRecord> history(HistoryQuery query) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot answer history queries");
  }

  /** Appends events to the outbox, ignoring ids already there. */
  void appendEvents(List<Event> events);

  /** Events not yet delivered to an external sink, oldest first (by timestamp, then by arrival). */
  List<Event> pendingEvents(int limit);

  void markDelivered(List<String> eventIds);

  /**
   * Deletes the events that happened before {@code olderThan}: only those already delivered when
   * {@code keepUndelivered} (an external sink still has to get the others), else all of them (the ledger
   * is the only store of events).
   *
   * @return how many were deleted
   */
  int pruneEvents(java.time.Instant olderThan, boolean keepUndelivered);

  /** Recent events, newest first, optionally only those carrying {@code tag}. */
  List<Event> events(Optional<String> tag, int limit);

  @Override
  void close();
}
