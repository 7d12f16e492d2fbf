package io.vamp.driver.spi.ledger;

import io.vamp.driver.spi.event.Event;
import java.util.List;
import java.util.Optional;

/**
 * The durable record of what the daemon saw and did: every revision with its outcome, every action of
 * every plan, the inventory of what this daemon owns, and an outbox of events. Each method is one
 * transaction, so a crash never leaves half a record. After a restart the daemon knows its inventory
 * and last applied revision from the ledger alone.
 */
public interface Ledger extends AutoCloseable {

  /** Records a revision the first time it is seen (a second call for the same sha changes nothing). */
  void recordRevision(RevisionRecord revision);

  /** Moves a revision to a new status, with the problems or failure detail. */
  void updateRevision(String sha, RevisionStatus status, String detail);

  Optional<RevisionRecord> revision(String sha);

  /** Newest first. */
  List<RevisionRecord> revisions(int limit);

  Optional<RevisionRecord> lastApplied();

  Optional<RevisionRecord> lastAttempted();

  /** Records an action's outcome; the same (revision, sequence) recorded again replaces it. */
  void recordAction(ActionRecord action);

  List<ActionRecord> actions(String sha);

  Inventory inventory();

  void saveInventory(Inventory inventory);

  /** Appends events to the outbox, ignoring ids already there. */
  void appendEvents(List<Event> events);

  /** Events not yet delivered to an external sink, oldest first. */
  List<Event> pendingEvents(int limit);

  void markDelivered(List<String> eventIds);

  /** Recent events, newest first, optionally only those carrying {@code tag}. */
  List<Event> events(Optional<String> tag, int limit);

  @Override
  void close();
}
