package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import io.vamp.testing.MariadbServer;
import io.vamp.testing.PostgresServer;
import io.vamp.testing.Servers;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The daemon killed half way through a plan, at the ledger: a separate JVM records a revision and its
 * actions and is killed with SIGKILL (no shutdown hook, no close); a new ledger over the same database
 * then finds the revision in progress with exactly the actions that were recorded, none twice, and
 * finishing the plan (recording the same sequences again, then the rest) replaces rather than
 * duplicates. Against a real PostgreSQL (the case the issue names), a real MariaDB and the H2 file.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LedgerCrashIT {
  private static final String SHA = "c0ffee0000000000000000000000000000000001";

  @TempDir
  Path work;

  private Ledger after;

  @AfterEach
  void closeLedger() {
    if (after != null) {
      after.close();
    }
  }

  enum Backend {
    POSTGRESQL, MARIADB, H2_FILE;

    /** A fresh database of this backend: the arguments of a {@link LedgerProcess} over it. */
    String[] fresh(Path work) {
      return switch (this) {
        case POSTGRESQL -> {
          PostgresServer postgres = Servers.postgres();
          yield new String[] {SqlLedgerFactory.NAME, work.toString(),
              postgres.createDatabase(ServerDatabases.fresh("ledger_crash_pg")), postgres.user(), postgres.password()};
        }
        case MARIADB -> {
          MariadbServer mariadb = Servers.mariadb();
          yield new String[] {SqlLedgerFactory.NAME, work.toString(),
              mariadb.createDatabase(ServerDatabases.fresh("ledger_crash_mariadb")), mariadb.user(), mariadb.password()};
        }
        case H2_FILE -> new String[] {H2LedgerFactory.NAME, work.resolve("data").toString()};
      };
    }

    /** The same database opened in this JVM, as the restarted daemon opens it. */
    static Ledger open(String[] arguments) {
      Optional<URI> uri = arguments.length > 2 ? Optional.of(URI.create(arguments[2])) : Optional.empty();
      Map<String, String> settings = arguments.length > 2
          ? Map.of("user", arguments[3], "password", arguments[4]) : Map.of();
      return Drivers.find(LedgerFactory.class, arguments[0])
          .create(new DriverConfig("restarted", Path.of(arguments[1]), uri, settings));
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void killedBetweenTwoActionsNothingIsLostOrRecordedTwiceAndThePlanFinishes(Backend backend) throws Exception {
    String[] database = backend.fresh(work);
    try (LedgerProcess daemon = LedgerProcess.start(work, database)) {
      daemon.send("revision " + SHA);
      daemon.send("action " + SHA + " 0 sava/sava/sava:1.1.0");
      daemon.send("action " + SHA + " 1 sava/sava/sava:1.1.0");
      daemon.send("action " + SHA + " 2 /vamp/default/gateways");
      daemon.kill(); // before action 3 was sent
    }

    after = Backend.open(database);

    RevisionRecord revision = after.revision(SHA).orElseThrow();
    assertThat(revision.status()).isEqualTo(RevisionStatus.IN_PROGRESS);
    assertThat(revision.finishedAt()).isEmpty();
    assertThat(after.lastAttempted().map(RevisionRecord::sha)).contains(SHA);
    List<ActionRecord> recorded = List.of(LedgerProcess.action(SHA, 0, "sava/sava/sava:1.1.0"),
        LedgerProcess.action(SHA, 1, "sava/sava/sava:1.1.0"), LedgerProcess.action(SHA, 2, "/vamp/default/gateways"));
    assertThat(after.actions(SHA)).containsExactlyElementsOf(recorded);

    // the restarted daemon runs the plan again: the same sequences are replaced, the rest added
    ActionRecord againNoop = new ActionRecord(SHA, 0, "deploy", "sava/sava/sava:1.1.0", "noop", "already running",
        LedgerProcess.T0.plusSeconds(60), LedgerProcess.T0.plusSeconds(61));
    after.recordAction(againNoop);
    after.recordAction(LedgerProcess.action(SHA, 1, "sava/sava/sava:1.1.0"));
    after.recordAction(LedgerProcess.action(SHA, 2, "/vamp/default/gateways"));
    after.recordAction(LedgerProcess.action(SHA, 3, "sava/sava/sava:1.0.0"));
    after.updateRevision(SHA, RevisionStatus.APPLIED, "");

    assertThat(after.actions(SHA)).containsExactly(againNoop, recorded.get(1), recorded.get(2),
        LedgerProcess.action(SHA, 3, "sava/sava/sava:1.0.0"));
    assertThat(after.revisions(10)).hasSize(1);
    assertThat(after.lastApplied().map(RevisionRecord::sha)).contains(SHA);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void killedWhileRecordingActionsLeavesAnUnbrokenRunOfWholeActions(Backend backend) throws Exception {
    String[] database = backend.fresh(work);
    int acknowledged;
    try (LedgerProcess daemon = LedgerProcess.start(work, database)) {
      daemon.send("revision " + SHA);
      daemon.post("actions " + SHA + " 0 100000");
      int last = -1;
      while (last < 25) { // let it run; the kill lands wherever it is, perhaps inside a transaction
        last = Integer.parseInt(daemon.next().substring("recorded ".length()));
      }
      daemon.kill();
      acknowledged = last;
    }

    after = Backend.open(database);

    List<ActionRecord> actions = after.actions(SHA);
    assertThat(actions.size()).as("every acknowledged action is there").isGreaterThan(acknowledged);
    assertThat(actions).as("a run from 0, each whole, none twice")
        .containsExactlyElementsOf(IntStream.range(0, actions.size())
            .mapToObj(n -> LedgerProcess.action(SHA, n, "sava/sava/sava:" + n)).toList());
    assertThat(after.revision(SHA).orElseThrow().status()).isEqualTo(RevisionStatus.IN_PROGRESS);

    int recorded = actions.size();
    for (int n = 0; n < recorded + 5; n++) {
      after.recordAction(LedgerProcess.action(SHA, n, "sava/sava/sava:" + n));
    }
    assertThat(after.actions(SHA)).hasSize(recorded + 5)
        .extracting(ActionRecord::sequence).containsExactlyElementsOf(IntStream.range(0, recorded + 5).boxed().toList());
  }
}
