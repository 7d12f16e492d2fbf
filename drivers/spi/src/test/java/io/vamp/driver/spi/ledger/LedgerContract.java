package io.vamp.driver.spi.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.event.Event;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link Ledger} must do, whatever keeps it. A backend's test extends this class and says
 * how to open a ledger over fresh, empty storage ({@link #newLedger()}) and, if the storage outlives
 * the ledger, how to open it again ({@link #reopen()}).
 *
 * <p>Times in these tests are whole milliseconds: that is all a ledger promises to keep.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class LedgerContract {

  /** A fixed, millisecond-exact moment the test data is laid out from. */
  protected static final Instant T0 = Instant.parse("2026-03-01T14:02:00.123Z");

  private final List<Ledger> opened = new ArrayList<>();
  private Ledger ledger;

  /**
   * A ledger over fresh, empty storage, its own for the current test (a new database, schema or
   * file). The contract closes it.
   */
  protected abstract Ledger newLedger();

  /**
   * A new ledger over the same storage as the last one {@link #newLedger()} made, which the contract
   * has closed (an in-memory database kept open by name counts as the same storage).
   */
  protected abstract Ledger reopen();

  @AfterEach
  void closeLedgers() {
    for (Ledger l : opened) {
      try {
        l.close();
      } catch (RuntimeException ignored) {
        // a test may have closed it already; closing twice is itself tested below
      }
    }
    opened.clear();
    ledger = null;
  }

  /** The test's ledger, opened on first use (after the subclass's own set-up ran). */
  protected final Ledger ledger() {
    if (ledger == null) {
      ledger = track(newLedger());
    }
    return ledger;
  }

  private Ledger track(Ledger l) {
    assertThat(l).as("the ledger under test").isNotNull();
    opened.add(l);
    return l;
  }

  // ---------------------------------------------------------------- test data

  protected static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  protected static String sha(int n) {
    return String.format("%040x", n + 0xabc000L);
  }

  protected static RevisionRecord revision(int n) {
    return new RevisionRecord(sha(n), n == 0 ? Optional.empty() : Optional.of(sha(n - 1)),
        "Ada Lovelace <ada@example.com>", "Grace Hopper <grace@example.com>",
        "sava: canary " + n + "\n\nmove 10% to 1.1.0 ünïcødé ✓", at(n * 60L), at(n * 60L + 5),
        RevisionStatus.IN_PROGRESS, "", Optional.empty());
  }

  protected static ActionRecord action(String sha, int sequence, String outcome) {
    return new ActionRecord(sha, sequence, "deploy", "sava/sava/sava:1.0.0", outcome, "attempt " + outcome,
        at(100 + sequence), at(100 + sequence).plusMillis(250));
  }

  protected static Event event(String id, long second, String... tags) {
    return new Event(id, Set.of(tags), "deployed", "{\"weight\":\"10%\"}", at(second));
  }

  private static List<String> shas(List<RevisionRecord> revisions) {
    return revisions.stream().map(RevisionRecord::sha).toList();
  }

  private static List<String> ids(List<Event> events) {
    return events.stream().map(Event::id).toList();
  }

  // ---------------------------------------------------------------- revisions

  @Nested
  class Revisions {

    @Test
    void aRecordedRevisionReadsBackWithEveryField() {
      RevisionRecord first = revision(0);
      RevisionRecord second = new RevisionRecord(sha(1), Optional.of(sha(0)), "a", "c", "", at(1), at(2),
          RevisionStatus.REJECTED, "deployments/sava.yml:3:5: unknown key 'wieght'", Optional.of(at(3)));
      ledger().recordRevision(first);
      ledger().recordRevision(second);

      assertThat(ledger().revision(sha(0))).contains(first);
      assertThat(ledger().revision(sha(1))).contains(second);
    }

    @Test
    void anUnknownRevisionIsEmpty() {
      ledger().recordRevision(revision(0));

      assertThat(ledger().revision(sha(7))).isEmpty();
    }

    @Test
    void recordingARevisionAgainChangesNothing() {
      RevisionRecord original = revision(0);
      ledger().recordRevision(original);
      ledger().updateRevision(sha(0), RevisionStatus.FAILED, "deploy sava failed");
      RevisionRecord failed = ledger().revision(sha(0)).orElseThrow();

      ledger().recordRevision(new RevisionRecord(sha(0), Optional.empty(), "someone else", "x", "other message",
          at(999), at(999), RevisionStatus.APPLIED, "other", Optional.of(at(999))));

      assertThat(ledger().revision(sha(0))).contains(failed);
      assertThat(ledger().revisions(10)).hasSize(1);
    }

    @Test
    void aFinishedStatusSetsTheFinishTimeAndTheDetail() {
      ledger().recordRevision(revision(0));
      Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

      ledger().updateRevision(sha(0), RevisionStatus.REJECTED, "breeds/sava.yml:1:1: kind missing");

      RevisionRecord rejected = ledger().revision(sha(0)).orElseThrow();
      assertThat(rejected.status()).isEqualTo(RevisionStatus.REJECTED);
      assertThat(rejected.detail()).isEqualTo("breeds/sava.yml:1:1: kind missing");
      assertThat(rejected.finishedAt()).hasValueSatisfying(t -> assertThat(t).isAfterOrEqualTo(before)
          .isBeforeOrEqualTo(Instant.now().plusSeconds(1)));
      assertThat(rejected).usingRecursiveComparison().ignoringFields("status", "detail", "finishedAt")
          .isEqualTo(revision(0));
    }

    @Test
    void everyStatusCanBeReachedAndMovingBackToInProgressClearsTheFinishTime() {
      ledger().recordRevision(revision(0));

      for (RevisionStatus status : RevisionStatus.values()) {
        ledger().updateRevision(sha(0), status, "now " + status);
        RevisionRecord updated = ledger().revision(sha(0)).orElseThrow();
        assertThat(updated.status()).isEqualTo(status);
        assertThat(updated.detail()).isEqualTo("now " + status);
        assertThat(updated.finishedAt().isPresent()).as("finished at, when %s", status)
            .isEqualTo(status != RevisionStatus.IN_PROGRESS);
      }
      ledger().updateRevision(sha(0), RevisionStatus.IN_PROGRESS, null);

      assertThat(ledger().revision(sha(0)).orElseThrow().finishedAt()).isEmpty();
      assertThat(ledger().revision(sha(0)).orElseThrow().detail()).isEmpty();
    }

    @Test
    void anAppliedRevisionIsNotMarkedSupersededByAnAttemptCutShortElsewhere() {
      ledger().recordRevision(revision(0));
      ledger().updateRevision(sha(0), RevisionStatus.APPLIED, "applied by the new leader");

      ledger().updateRevision(sha(0), RevisionStatus.SUPERSEDED, "leadership lost");

      RevisionRecord kept = ledger().revision(sha(0)).orElseThrow();
      assertThat(kept.status()).isEqualTo(RevisionStatus.APPLIED);
      assertThat(kept.detail()).isEqualTo("applied by the new leader");
      assertThatThrownBy(() -> ledger().updateRevision(sha(8), RevisionStatus.SUPERSEDED, ""))
          .isInstanceOf(io.vamp.driver.spi.DriverException.class);
    }

    @Test
    void updatingAnUnknownRevisionFails() {
      ledger().recordRevision(revision(0));

      assertThatThrownBy(() -> ledger().updateRevision(sha(9), RevisionStatus.APPLIED, ""))
          .isInstanceOf(DriverException.class)
          .hasMessageContaining(sha(9));
      assertThat(ledger().revision(sha(9))).isEmpty();
    }

    @Test
    void revisionsAreListedMostRecentlyRecordedFirstUpToTheLimit() {
      for (int n = 0; n < 5; n++) {
        ledger().recordRevision(revision(n));
      }

      assertThat(shas(ledger().revisions(3))).containsExactly(sha(4), sha(3), sha(2));
      assertThat(shas(ledger().revisions(100))).containsExactly(sha(4), sha(3), sha(2), sha(1), sha(0));
      assertThat(shas(ledger().revisions(1))).containsExactly(sha(4));
    }

    @Test
    void anEmptyLedgerHasNoRevisionsAndNothingAppliedOrAttempted() {
      assertThat(ledger().revisions(10)).isEmpty();
      assertThat(ledger().lastApplied()).isEmpty();
      assertThat(ledger().lastAttempted()).isEmpty();
    }

    @Test
    void lastAppliedIsTheRevisionThatBecameAppliedLast() {
      for (int n = 0; n < 3; n++) {
        ledger().recordRevision(revision(n));
      }
      assertThat(ledger().lastApplied()).isEmpty();

      ledger().updateRevision(sha(0), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(1), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(2), RevisionStatus.FAILED, "action 2 (deploy) failed");
      assertThat(ledger().lastApplied().map(RevisionRecord::sha)).contains(sha(1));

      // the older revision forced back (git reset + push): applied again, it is the last applied
      ledger().updateRevision(sha(0), RevisionStatus.IN_PROGRESS, "");
      ledger().updateRevision(sha(0), RevisionStatus.APPLIED, "");
      assertThat(ledger().lastApplied()).hasValueSatisfying(r -> {
        assertThat(r.sha()).isEqualTo(sha(0));
        assertThat(r.status()).isEqualTo(RevisionStatus.APPLIED);
      });
    }

    @Test
    void aRevisionThatIsNoLongerAppliedIsNotTheLastApplied() {
      ledger().recordRevision(revision(0));
      ledger().recordRevision(revision(1));
      ledger().updateRevision(sha(0), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(1), RevisionStatus.APPLIED, "");

      ledger().updateRevision(sha(1), RevisionStatus.IN_PROGRESS, "");
      ledger().updateRevision(sha(1), RevisionStatus.FAILED, "health check timed out");

      assertThat(ledger().lastApplied().map(RevisionRecord::sha)).contains(sha(0));
    }

    @Test
    void aRevisionRecordedAsAppliedCountsAsApplied() {
      RevisionRecord applied = new RevisionRecord(sha(0), Optional.empty(), "a", "c", "m", at(0), at(1),
          RevisionStatus.APPLIED, "", Optional.of(at(2)));
      ledger().recordRevision(applied);

      assertThat(ledger().lastApplied()).contains(applied);
    }

    @Test
    void lastAttemptedIsTheRevisionWhoseAttemptStartedLast() {
      ledger().recordRevision(revision(0));
      assertThat(ledger().lastAttempted().map(RevisionRecord::sha)).contains(sha(0));

      ledger().recordRevision(revision(1));
      assertThat(ledger().lastAttempted().map(RevisionRecord::sha)).contains(sha(1));

      // finishing an older attempt afterwards does not make it the last attempted
      ledger().updateRevision(sha(0), RevisionStatus.SUPERSEDED, "superseded by " + sha(1));
      ledger().updateRevision(sha(1), RevisionStatus.REJECTED, "problems");
      assertThat(ledger().lastAttempted()).hasValueSatisfying(r -> {
        assertThat(r.sha()).isEqualTo(sha(1));
        assertThat(r.status()).isEqualTo(RevisionStatus.REJECTED);
      });

      // a retry is a new attempt
      ledger().updateRevision(sha(0), RevisionStatus.IN_PROGRESS, "retry");
      assertThat(ledger().lastAttempted().map(RevisionRecord::sha)).contains(sha(0));
    }
  }

  // ---------------------------------------------------------------- actions

  @Nested
  class Actions {

    @Test
    void actionsReadBackWithEveryFieldInSequenceOrder() {
      ledger().recordRevision(revision(0));
      ActionRecord a2 = new ActionRecord(sha(0), 2, "write-gateways", "/vamp/gateways/haproxy.cfg", "applied",
          null, at(10), at(11));
      ActionRecord a0 = action(sha(0), 0, "applied");
      ActionRecord a1 = action(sha(0), 1, "noop");
      ledger().recordAction(a2);
      ledger().recordAction(a0);
      ledger().recordAction(a1);

      assertThat(ledger().actions(sha(0))).containsExactly(a0, a1, a2);
      assertThat(ledger().actions(sha(0)).get(2).detail()).isEmpty();
    }

    @Test
    void recordingTheSameSequenceAgainReplacesIt() {
      ledger().recordRevision(revision(0));
      ledger().recordAction(action(sha(0), 0, "applied"));
      ledger().recordAction(action(sha(0), 1, "failed"));

      ActionRecord retried = new ActionRecord(sha(0), 1, "wait-ready", "sava/sava/sava:1.1.0", "applied",
          "ready after 3 checks", at(200), at(203));
      ledger().recordAction(retried);

      assertThat(ledger().actions(sha(0))).containsExactly(action(sha(0), 0, "applied"), retried);
    }

    @Test
    void eachRevisionHasItsOwnActions() {
      ledger().recordRevision(revision(0));
      ledger().recordRevision(revision(1));
      ledger().recordAction(action(sha(0), 0, "applied"));
      ledger().recordAction(action(sha(1), 0, "failed"));

      assertThat(ledger().actions(sha(0))).containsExactly(action(sha(0), 0, "applied"));
      assertThat(ledger().actions(sha(1))).containsExactly(action(sha(1), 0, "failed"));
      assertThat(ledger().actions(sha(2))).isEmpty();
    }
  }

  // ---------------------------------------------------------------- inventory

  @Nested
  class Inventories {

    @Test
    void anEmptyLedgerOwnsNothing() {
      assertThat(ledger().inventory()).isEqualTo(Inventory.EMPTY);
    }

    @Test
    void anInventoryRoundTrips() {
      Inventory owned = new Inventory(Set.of("sava/sava/sava:1.0.0", "sava/sava/sava:1.1.0"),
          Set.of("sava/sava/webport", "sava-gateway"), sha(3));
      ledger().saveInventory(owned);

      assertThat(ledger().inventory()).isEqualTo(owned);
    }

    @Test
    void savingAnInventoryReplacesThePreviousOne() {
      ledger().saveInventory(new Inventory(Set.of("a/a/a", "b/b/b"), Set.of("g1", "g2"), sha(1)));
      Inventory next = new Inventory(Set.of("b/b/b", "c/c/c"), Set.of("g2"), sha(2));

      ledger().saveInventory(next);

      assertThat(ledger().inventory()).isEqualTo(next);
    }

    @Test
    void theSameNameMayBeBothAWorkloadAndAGateway() {
      Inventory owned = new Inventory(Set.of("sava"), Set.of("sava"), sha(1));
      ledger().saveInventory(owned);

      assertThat(ledger().inventory()).isEqualTo(owned);
    }

    @Test
    void anInventoryWithNothingInItStillKeepsItsRevision() {
      ledger().saveInventory(new Inventory(Set.of("a/a/a"), Set.of("g"), sha(1)));
      Inventory prunedAll = new Inventory(Set.of(), Set.of(), sha(2));

      ledger().saveInventory(prunedAll);

      assertThat(ledger().inventory()).isEqualTo(prunedAll);
    }
  }

  // ---------------------------------------------------------------- artifacts

  @Nested
  class Artifacts {

    @Test
    void artifactsRoundTripSortedByKindAndName() {
      ledger().recordRevision(revision(0));
      Map<String, String> tree = new LinkedHashMap<>();
      tree.put("deployment/sava", "kind: deployment\nname: sava\nblueprints: [sava:1.0.0]\n");
      tree.put("breed/sava:1.0.0", "name: sava:1.0.0\ndeployable: magneticio/sava:1.0.0\n");
      tree.put("blueprint/sava:1.0.0", "name: sava:1.0.0\nclusters: {}\n");
      tree.put("gateway/external/sava", "name: external/sava\nport: 9050/http\n");

      ledger().recordArtifacts(sha(0), tree);

      assertThat(ledger().artifacts(sha(0))).isEqualTo(tree)
          .containsOnlyKeys(tree.keySet());
      assertThat(List.copyOf(ledger().artifacts(sha(0)).keySet()))
          .containsExactly("blueprint/sava:1.0.0", "breed/sava:1.0.0", "deployment/sava", "gateway/external/sava");
    }

    @Test
    void aRevisionWithoutRecordedArtifactsHasNone() {
      ledger().recordRevision(revision(0));

      assertThat(ledger().artifacts(sha(0))).isEmpty();
      assertThat(ledger().artifacts(sha(5))).isEmpty();
    }

    @Test
    void eachRevisionReadsBackItsOwnArtifactsWhenContentIsShared() {
      ledger().recordRevision(revision(0));
      ledger().recordRevision(revision(1));
      String breed = "name: sava:1.0.0\ndeployable: magneticio/sava:1.0.0\n";
      ledger().recordArtifacts(sha(0), Map.of("breed/sava:1.0.0", breed, "breed/copy", breed));
      ledger().recordArtifacts(sha(1), Map.of("breed/sava:1.0.0", breed, "deployment/sava", "name: sava\n"));

      assertThat(ledger().artifacts(sha(0))).isEqualTo(Map.of("breed/sava:1.0.0", breed, "breed/copy", breed));
      assertThat(ledger().artifacts(sha(1))).isEqualTo(Map.of("breed/sava:1.0.0", breed, "deployment/sava",
          "name: sava\n"));
    }

    @Test
    void recordingTheArtifactsOfARevisionAgainReplacesThem() {
      ledger().recordRevision(revision(0));
      ledger().recordArtifacts(sha(0), Map.of("breed/a", "a: 1\n", "breed/b", "b: 1\n"));

      ledger().recordArtifacts(sha(0), Map.of("breed/b", "b: 2\n", "breed/c", ""));

      assertThat(ledger().artifacts(sha(0))).isEqualTo(Map.of("breed/b", "b: 2\n", "breed/c", ""));
    }

    @Test
    void largeArtifactsRoundTrip() {
      ledger().recordRevision(revision(0));
      String large = "# ünïcødé ✓\n" + "x: 0123456789abcdef\n".repeat(100_000); // about 2 MB

      ledger().recordArtifacts(sha(0), Map.of("deployment/big", large));

      assertThat(ledger().artifacts(sha(0)).get("deployment/big")).isEqualTo(large);
    }

    @Test
    void anArtifactKeyWithoutKindAndNameIsRefused() {
      ledger().recordRevision(revision(0));

      assertThatThrownBy(() -> ledger().recordArtifacts(sha(0), Map.of("sava", "x")))
          .isInstanceOf(DriverException.class);
      assertThat(ledger().artifacts(sha(0))).isEmpty();
    }
  }

  // ---------------------------------------------------------------- history

  @Nested
  class History {

    private void record(int n, Map<String, String> artifacts) {
      ledger().recordRevision(revision(n));
      ledger().recordArtifacts(sha(n), artifacts);
    }

    private List<String> history(HistoryQuery query) {
      return shas(ledger().history(query));
    }

    @Test
    void theFirstRevisionAddedEveryArtifact() {
      record(0, Map.of("deployment/sava", "name: sava\n", "breed/sava:1.0.0", "b\n"));

      assertThat(ledger().changes(sha(0))).isEqualTo(Map.of("breed/sava:1.0.0", ArtifactChange.ADDED,
          "deployment/sava", ArtifactChange.ADDED));
      assertThat(List.copyOf(ledger().changes(sha(0)).keySet())).containsExactly("breed/sava:1.0.0", "deployment/sava");
    }

    @Test
    void changesAreComparedWithTheRevisionRecordedBefore() {
      record(0, Map.of("breed/a", "a: 1\n", "breed/b", "b: 1\n", "breed/c", "c: 1\n"));
      record(1, Map.of("breed/a", "a: 2\n", "breed/b", "b: 1\n", "breed/d", "d: 1\n"));

      assertThat(ledger().changes(sha(1))).isEqualTo(Map.of("breed/a", ArtifactChange.CHANGED,
          "breed/c", ArtifactChange.REMOVED, "breed/d", ArtifactChange.ADDED));
      assertThat(ledger().artifacts(sha(1))).isEqualTo(Map.of("breed/a", "a: 2\n", "breed/b", "b: 1\n",
          "breed/d", "d: 1\n"));
      assertThat(ledger().artifacts(sha(0))).isEqualTo(Map.of("breed/a", "a: 1\n", "breed/b", "b: 1\n",
          "breed/c", "c: 1\n"));
    }

    @Test
    void aRevisionWithTheSameArtifactsChangedNothingAndOneWithoutArtifactsHasNoChanges() {
      record(0, Map.of("breed/a", "a: 1\n"));
      ledger().recordRevision(revision(1)); // rejected: its artifacts are never recorded
      record(2, Map.of("breed/a", "a: 1\n"));

      assertThat(ledger().changes(sha(1))).isEmpty();
      assertThat(ledger().changes(sha(2))).isEmpty();
      assertThat(ledger().changes(sha(9))).isEmpty();
      assertThat(ledger().artifacts(sha(2))).isEqualTo(Map.of("breed/a", "a: 1\n"));
    }

    @Test
    void recordingTheArtifactsAgainReplacesTheChanges() {
      record(0, Map.of("breed/a", "a: 1\n"));
      record(1, Map.of("breed/a", "a: 2\n"));

      ledger().recordArtifacts(sha(1), Map.of("breed/a", "a: 1\n", "gateway/g", "port: 9050\n"));

      assertThat(ledger().changes(sha(1))).isEqualTo(Map.of("gateway/g", ArtifactChange.ADDED));
      assertThat(history(HistoryQuery.latest(10).withGateway("g"))).containsExactly(sha(1));
    }

    @Test
    void everyRevisionOfALongHistoryReadsBackItsOwnArtifacts() {
      Map<Integer, Map<String, String>> recorded = new java.util.HashMap<>();
      Map<String, String> tree = new java.util.TreeMap<>();
      for (int i = 0; i < 20; i++) {
        tree.put("breed/b" + i, "version: 0\n");
      }
      for (int n = 0; n < 150; n++) {
        if (n > 0) {
          tree.put("breed/b" + (n * 7 % 20), "version: " + n + "\n");
        }
        if (n % 40 == 39) {
          tree.remove("breed/b" + (n % 20));
        }
        if (n % 30 == 29) {
          tree.put("deployment/d" + n, "name: d" + n + "\n");
        }
        record(n, tree);
        recorded.put(n, Map.copyOf(tree));
      }
      for (int n = 0; n < 150; n++) {
        assertThat(ledger().artifacts(sha(n))).as("revision %d", n).isEqualTo(recorded.get(n));
      }

      // and from a ledger that has not just written them (aborted where nothing outlives the ledger)
      Ledger reading = reopened();
      for (int n = 149; n >= 0; n--) {
        assertThat(reading.artifacts(sha(n))).as("revision %d, read again", n).isEqualTo(recorded.get(n));
      }
      assertThat(reading.changes(sha(89))).isEqualTo(Map.of("breed/b3", ArtifactChange.CHANGED,
          "deployment/d89", ArtifactChange.ADDED));
      assertThat(reading.changes(sha(79))).isEqualTo(Map.of("breed/b13", ArtifactChange.CHANGED,
          "breed/b19", ArtifactChange.REMOVED));
    }

    @Test
    void withoutFiltersTheHistoryIsTheLatestRevisions() {
      for (int n = 0; n < 5; n++) {
        ledger().recordRevision(revision(n));
      }

      assertThat(history(HistoryQuery.latest(3))).containsExactly(sha(4), sha(3), sha(2));
      assertThat(ledger().history(HistoryQuery.latest(100))).isEqualTo(ledger().revisions(100));
    }

    @Test
    void byDeploymentTheRevisionsThatChangedItOrActedOnIt() {
      String sava = "kind: deployment\nname: sava\n";
      record(0, Map.of("deployment/sava", sava, "deployment/other", "o: 1\n"));        // added
      record(1, Map.of("deployment/sava", sava, "deployment/other", "o: 2\n"));        // unchanged
      record(2, Map.of("deployment/sava", sava + "x: 1\n", "deployment/other", "o: 2\n")); // changed
      record(3, Map.of("deployment/sava", sava + "x: 1\n", "deployment/other", "o: 2\n",
          "breed/sava:1.1.0", "b\n"));                                                // unchanged, but acted on
      ledger().recordAction(new ActionRecord(sha(3), 0, "deploy", "sava/sava/sava:1.1.0", "applied", "", at(1),
          at(2)));
      record(4, Map.of("deployment/other", "o: 2\n"));                                 // removed
      record(5, Map.of("deployment/other", "o: 3\n"));
      ledger().recordAction(new ActionRecord(sha(5), 0, "wait-ready", "other/web/web:2,sava/sava/sava:1.1.0",
          "applied", "", at(1), at(2)));                                               // acted on, in a list
      record(6, Map.of("deployment/other", "o: 4\n"));
      ledger().recordAction(new ActionRecord(sha(6), 0, "deploy", "sava2/sava/sava:1.0.0", "applied", "", at(1),
          at(2)));
      ledger().recordAction(new ActionRecord(sha(6), 1, "publish-gateways", "/vamp/default/gateways", "applied", "",
          at(1), at(2)));

      assertThat(history(HistoryQuery.latest(10).withDeployment("sava")))
          .containsExactly(sha(5), sha(4), sha(3), sha(2), sha(0));
      assertThat(history(HistoryQuery.latest(2).withDeployment("sava"))).containsExactly(sha(5), sha(4));
      assertThat(history(HistoryQuery.latest(10).withDeployment("other")))
          .containsExactly(sha(6), sha(5), sha(1), sha(0));
      assertThat(history(HistoryQuery.latest(10).withDeployment("sava2"))).containsExactly(sha(6));
      assertThat(history(HistoryQuery.latest(10).withDeployment("Sava"))).as("names are case-sensitive").isEmpty();
      assertThat(history(HistoryQuery.latest(10).withDeployment("vamp"))).as("a KV key names no deployment")
          .isEmpty();
      assertThat(history(HistoryQuery.latest(10).withDeployment("nothing"))).isEmpty();
    }

    @Test
    void anActionRecordedAgainWithAnotherTargetMovesTheRevisionToThatDeployment() {
      ledger().recordRevision(revision(0));
      ledger().recordAction(new ActionRecord(sha(0), 0, "deploy", "sava/a/b", "failed", "", at(1), at(2)));
      ledger().recordAction(new ActionRecord(sha(0), 0, "deploy", "other/a/b", "applied", "", at(3), at(4)));

      assertThat(history(HistoryQuery.latest(10).withDeployment("sava"))).isEmpty();
      assertThat(history(HistoryQuery.latest(10).withDeployment("other"))).containsExactly(sha(0));
    }

    @Test
    void byGatewayTheRevisionsThatChangedIt() {
      record(0, Map.of("gateway/external/sava", "port: 9050\n", "gateway/sava", "port: 9060\n"));
      record(1, Map.of("gateway/external/sava", "port: 9051\n", "gateway/sava", "port: 9060\n"));
      record(2, Map.of("gateway/external/sava", "port: 9051\n", "gateway/sava", "port: 9061\n",
          "deployment/external", "d\n"));
      ledger().recordAction(new ActionRecord(sha(2), 0, "deploy", "external/sava/x", "applied", "", at(1), at(2)));

      assertThat(history(HistoryQuery.latest(10).withGateway("external/sava"))).containsExactly(sha(1), sha(0));
      assertThat(history(HistoryQuery.latest(10).withGateway("sava"))).containsExactly(sha(2), sha(0));
      assertThat(history(HistoryQuery.latest(10).withGateway("external"))).isEmpty();
      assertThat(history(HistoryQuery.latest(10).withDeployment("external/sava"))).isEmpty();
    }

    @Test
    void sinceAndUntilTakeTheRevisionsObservedBetweenThemBothIncluded() {
      for (int n = 0; n < 5; n++) {
        ledger().recordRevision(revision(n)); // observed at n minutes and 5 seconds
      }
      Instant second = revision(1).observedAt();
      Instant fourth = revision(3).observedAt();

      assertThat(history(HistoryQuery.latest(10).withSince(second).withUntil(fourth)))
          .containsExactly(sha(3), sha(2), sha(1));
      assertThat(history(HistoryQuery.latest(10).withSince(second.plusMillis(1)).withUntil(fourth.minusMillis(1))))
          .containsExactly(sha(2));
      assertThat(history(HistoryQuery.latest(10).withSince(fourth))).containsExactly(sha(4), sha(3));
      assertThat(history(HistoryQuery.latest(10).withUntil(second))).containsExactly(sha(1), sha(0));
      assertThat(history(HistoryQuery.latest(1).withUntil(fourth.plusSeconds(30)))).as("what was seen last by then")
          .containsExactly(sha(3));
    }

    @Test
    void byStatusTheRevisionsWhoseStatusIsOneOfThose() {
      for (int n = 0; n < 5; n++) {
        ledger().recordRevision(revision(n));
      }
      ledger().updateRevision(sha(0), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(1), RevisionStatus.FAILED, "deploy failed");
      ledger().updateRevision(sha(2), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(3), RevisionStatus.REJECTED, "problems");

      assertThat(history(HistoryQuery.latest(10).withStatuses(Set.of(RevisionStatus.APPLIED))))
          .containsExactly(sha(2), sha(0));
      assertThat(history(HistoryQuery.latest(10).withStatuses(Set.of(RevisionStatus.FAILED, RevisionStatus.REJECTED))))
          .containsExactly(sha(3), sha(1));
      assertThat(history(HistoryQuery.latest(10).withStatuses(Set.of(RevisionStatus.IN_PROGRESS))))
          .containsExactly(sha(4));
      assertThat(history(HistoryQuery.latest(10).withStatuses(Set.of(RevisionStatus.SUPERSEDED)))).isEmpty();
    }

    @Test
    void whatRanAtAMomentIsTheLastRevisionAppliedObservedBeforeIt() {
      for (int n = 0; n < 4; n++) {
        ledger().recordRevision(revision(n));
      }
      ledger().updateRevision(sha(0), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(1), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(2), RevisionStatus.FAILED, "wait-ready timed out");
      ledger().updateRevision(sha(3), RevisionStatus.APPLIED, "");

      HistoryQuery ranAt = HistoryQuery.latest(1).withStatuses(Set.of(RevisionStatus.APPLIED))
          .withUntil(revision(2).observedAt().plusSeconds(10));
      assertThat(ledger().history(ranAt)).singleElement()
          .satisfies(r -> assertThat(r).isEqualTo(ledger().revision(sha(1)).orElseThrow()));
    }

    @Test
    void byShaPrefixTheRevisionsWhoseShaStartsWithIt() {
      ledger().recordRevision(revision(0));
      ledger().recordRevision(revision(1));
      ledger().recordRevision(new RevisionRecord("abd0000000000000000000000000000000000000", Optional.empty(), "a", "c",
          "m", at(0), at(9), RevisionStatus.IN_PROGRESS, "", Optional.empty()));

      assertThat(history(HistoryQuery.latest(10).withShaPrefix(sha(1)))).containsExactly(sha(1));
      assertThat(history(HistoryQuery.latest(10).withShaPrefix(sha(1).substring(0, 36))))
          .containsExactly(sha(1), sha(0));
      assertThat(history(HistoryQuery.latest(10).withShaPrefix("0"))).containsExactly(sha(1), sha(0));
      assertThat(history(HistoryQuery.latest(10).withShaPrefix("a"))).containsExactly(
          "abd0000000000000000000000000000000000000");
      assertThat(history(HistoryQuery.latest(10).withShaPrefix("f"))).isEmpty();
    }

    @Test
    void everyFilterGivenMustHold() {
      record(0, Map.of("deployment/sava", "a\n", "gateway/g", "1\n"));
      record(1, Map.of("deployment/sava", "b\n", "gateway/g", "1\n"));
      record(2, Map.of("deployment/sava", "c\n", "gateway/g", "2\n"));
      record(3, Map.of("deployment/sava", "d\n", "gateway/g", "3\n"));
      ledger().updateRevision(sha(2), RevisionStatus.APPLIED, "");
      ledger().updateRevision(sha(3), RevisionStatus.FAILED, "");

      HistoryQuery all = HistoryQuery.latest(10).withDeployment("sava").withGateway("g")
          .withStatuses(Set.of(RevisionStatus.APPLIED, RevisionStatus.IN_PROGRESS))
          .withSince(revision(0).observedAt()).withUntil(revision(2).observedAt());
      assertThat(history(all)).containsExactly(sha(2), sha(0));
      assertThat(history(all.withSince(revision(1).observedAt()))).containsExactly(sha(2));
      assertThat(history(all.withStatuses(Set.of()))).containsExactly(sha(2), sha(0));
      assertThat(history(all.withStatuses(Set.of()).withUntil(revision(3).observedAt())))
          .containsExactly(sha(3), sha(2), sha(0));
    }
  }

  /** The test's ledger closed and opened again over the same storage. */
  private Ledger reopened() {
    Ledger current = ledger();
    current.close();
    opened.remove(current);
    Ledger again = track(reopen());
    ledger = again;
    return again;
  }

  // ---------------------------------------------------------------- events

  @Nested
  class Events {

    @Test
    void appendedEventsReadBackWithEveryField() {
      Event deployed = new Event("e1", Set.of("deployments:sava", "revision:" + sha(0), "quote\"and\\slash"),
          "deployed", "{\"clusters\":[\"sava\"],\"note\":\"ünïcødé ✓\"}", at(5));
      ledger().appendEvents(List.of(deployed));

      assertThat(ledger().pendingEvents(10)).containsExactly(deployed);
      assertThat(ledger().events(Optional.empty(), 10)).containsExactly(deployed);
      assertThat(deployed.tags()).contains("deployments", "revision");
    }

    @Test
    void anEventIdIsAppendedOnceAndTheFirstVersionKept() {
      Event first = event("e1", 1, "deployments:sava");
      ledger().appendEvents(List.of(first));

      ledger().appendEvents(List.of(new Event("e1", Set.of("gateways:other"), "other", "changed", at(9)),
          event("e2", 2)));
      ledger().appendEvents(List.of(event("e3", 3), event("e3", 4, "gateways:x")));

      assertThat(ledger().events(Optional.empty(), 10)).containsExactly(event("e3", 3), event("e2", 2), first);
      assertThat(ledger().events(Optional.of("gateways"), 10)).isEmpty();
      assertThat(ids(ledger().pendingEvents(10))).containsExactly("e1", "e2", "e3");
    }

    @Test
    void appendingNothingIsHarmless() {
      ledger().appendEvents(List.of());
      ledger().markDelivered(List.of());

      assertThat(ledger().pendingEvents(10)).isEmpty();
    }

    @Test
    void pendingEventsAreOldestFirstUpToTheLimit() {
      ledger().appendEvents(List.of(event("late", 30), event("early", 10)));
      ledger().appendEvents(List.of(event("middle", 20), event("earliest", 0)));

      assertThat(ids(ledger().pendingEvents(10))).containsExactly("earliest", "early", "middle", "late");
      assertThat(ids(ledger().pendingEvents(2))).containsExactly("earliest", "early");
    }

    @Test
    void eventsOfTheSameMomentKeepTheOrderTheyArrivedIn() {
      ledger().appendEvents(List.of(event("b", 5), event("a", 5)));
      ledger().appendEvents(List.of(event("c", 5)));

      assertThat(ids(ledger().pendingEvents(10))).containsExactly("b", "a", "c");
      assertThat(ids(ledger().events(Optional.empty(), 10))).containsExactly("c", "a", "b");
    }

    @Test
    void deliveredEventsAreNoLongerPendingButStillListed() {
      ledger().appendEvents(List.of(event("e1", 1), event("e2", 2), event("e3", 3)));

      ledger().markDelivered(List.of("e1", "e3", "unknown"));
      ledger().markDelivered(List.of("e1"));

      assertThat(ids(ledger().pendingEvents(10))).containsExactly("e2");
      assertThat(ids(ledger().events(Optional.empty(), 10))).containsExactly("e3", "e2", "e1");

      ledger().appendEvents(List.of(event("e1", 1)));
      assertThat(ids(ledger().pendingEvents(10))).as("a delivered id appended again").containsExactly("e2");
    }

    @Test
    void pruningDeletesOldEventsButKeepsUndeliveredOnesWhenAskedTo() {
      ledger().appendEvents(List.of(event("old-sent", 1, "deployments:sava"), event("old-pending", 2,
          "deployments:sava"), event("new-sent", 20, "deployments:sava"), event("new-pending", 21)));
      ledger().markDelivered(List.of("old-sent", "new-sent"));

      assertThat(ledger().pruneEvents(at(10), true)).isEqualTo(1);
      assertThat(ids(ledger().events(Optional.empty(), 10))).containsExactly("new-pending", "new-sent",
          "old-pending");
      assertThat(ids(ledger().events(Optional.of("deployments:sava"), 10))).as("its tags went with it")
          .containsExactly("new-sent", "old-pending");
      assertThat(ids(ledger().pendingEvents(10))).containsExactly("old-pending", "new-pending");

      assertThat(ledger().pruneEvents(at(10), false)).as("no sink: old undelivered ones go too").isEqualTo(1);
      assertThat(ids(ledger().events(Optional.empty(), 10))).containsExactly("new-pending", "new-sent");
      assertThat(ledger().pruneEvents(at(10), false)).isZero();

      ledger().appendEvents(List.of(event("old-sent", 1)));
      assertThat(ids(ledger().pendingEvents(10))).as("a pruned id may come again").contains("old-sent");
    }

    @Test
    void eventsByTagAreNewestFirstUpToTheLimit() {
      ledger().appendEvents(List.of(
          event("s1", 1, "deployments:sava", "synchronization:deployed"),
          event("o1", 2, "deployments:other"),
          event("s2", 3, "deployments:sava", "revision:" + sha(1)),
          event("g1", 4, "gateways:sava/sava/webport"),
          event("s3", 5, "deployments:sava")));

      assertThat(ids(ledger().events(Optional.of("deployments:sava"), 10))).containsExactly("s3", "s2", "s1");
      assertThat(ids(ledger().events(Optional.of("deployments:sava"), 2))).containsExactly("s3", "s2");
      assertThat(ids(ledger().events(Optional.of("deployments"), 10))).containsExactly("s3", "s2", "o1", "s1");
      assertThat(ids(ledger().events(Optional.of("revision:" + sha(1)), 10))).containsExactly("s2");
      assertThat(ids(ledger().events(Optional.of("Deployments:sava"), 10))).as("tags are case-sensitive")
          .isEmpty();
      assertThat(ids(ledger().events(Optional.of("nothing"), 10))).isEmpty();
      assertThat(ids(ledger().events(Optional.empty(), 3))).containsExactly("s3", "g1", "s2");
    }
  }

  // ---------------------------------------------------------------- keys

  @Test
  void keysAreCaseSensitive() {
    ledger().recordRevision(revision(0));
    ledger().appendEvents(List.of(event("Event", 1), event("event", 2)));
    ledger().saveInventory(new Inventory(Set.of("Sava/a/b", "sava/a/b"), Set.of(), sha(0)));
    ledger().recordArtifacts(sha(0), Map.of("breed/Sava", "upper", "breed/sava", "lower"));

    assertThat(ids(ledger().pendingEvents(10))).containsExactly("Event", "event");
    assertThat(ledger().inventory().workloads()).containsExactly("Sava/a/b", "sava/a/b");
    assertThat(ledger().artifacts(sha(0))).isEqualTo(Map.of("breed/Sava", "upper", "breed/sava", "lower"));
  }

  // ---------------------------------------------------------------- lifecycle

  @Test
  void everythingSurvivesClosingAndReopening() {
    Ledger first = ledger();
    first.recordRevision(revision(0));
    first.recordRevision(revision(1));
    first.updateRevision(sha(0), RevisionStatus.APPLIED, "");
    first.updateRevision(sha(1), RevisionStatus.FAILED, "action 0 failed");
    first.recordAction(action(sha(1), 0, "failed"));
    first.recordArtifacts(sha(1), Map.of("breed/sava:1.1.0", "name: sava:1.1.0\n"));
    Inventory owned = new Inventory(Set.of("sava/sava/sava:1.0.0"), Set.of("sava/sava/webport"), sha(0));
    first.saveInventory(owned);
    first.appendEvents(List.of(event("e1", 1, "deployments:sava"), event("e2", 2)));
    first.markDelivered(List.of("e1"));
    List<RevisionRecord> revisions = first.revisions(10);
    first.close();

    Ledger again = track(reopen());

    assertThat(again.revisions(10)).isEqualTo(revisions);
    assertThat(again.lastApplied().map(RevisionRecord::sha)).contains(sha(0));
    assertThat(again.lastAttempted().map(RevisionRecord::sha)).contains(sha(1));
    assertThat(again.actions(sha(1))).containsExactly(action(sha(1), 0, "failed"));
    assertThat(again.artifacts(sha(1))).isEqualTo(Map.of("breed/sava:1.1.0", "name: sava:1.1.0\n"));
    assertThat(again.inventory()).isEqualTo(owned);
    assertThat(ids(again.pendingEvents(10))).containsExactly("e2");
    assertThat(ids(again.events(Optional.of("deployments:sava"), 10))).containsExactly("e1");

    // and it goes on where it left off
    again.recordRevision(revision(2));
    again.appendEvents(List.of(event("e1", 1), event("e3", 3)));
    assertThat(again.lastAttempted().map(RevisionRecord::sha)).contains(sha(2));
    assertThat(ids(again.pendingEvents(10))).containsExactly("e2", "e3");
  }

  @Test
  void closingTwiceIsHarmless() {
    Ledger l = ledger();
    l.close();
    l.close();
  }
}
