package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.ArtifactChange;
import io.vamp.driver.spi.ledger.HistoryQuery;
import io.vamp.driver.spi.ledger.Inventory;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/** What the SQL ledger does beyond the contract: factories, credentials, failures, storage. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqlLedgerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T14:02:00Z");

  private final List<Ledger> opened = new ArrayList<>();

  @TempDir
  Path data;

  @AfterEach
  void close() {
    opened.forEach(Ledger::close);
  }

  @AfterAll
  static void dropDatabases() {
    H2Databases.dropAll();
  }

  private static String memoryUrl() {
    return "jdbc:h2:mem:sql-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  }

  private Ledger open(String factory, Optional<String> uri, Map<String, String> settings) {
    uri.filter(u -> u.startsWith("jdbc:h2:mem:")).ifPresent(u -> H2Databases.track(u, settings));
    Ledger ledger = Drivers.find(LedgerFactory.class, factory)
        .create(new DriverConfig("test", data, uri.map(URI::create), settings));
    opened.add(ledger);
    return ledger;
  }

  private Ledger openMemory(String url) {
    return open("sql", Optional.of(url), Map.of());
  }

  private static RevisionRecord revision(String sha) {
    return new RevisionRecord(sha, Optional.empty(), "a", "c", "m", T0, T0, RevisionStatus.IN_PROGRESS, "",
        Optional.empty());
  }

  private static DriverException driverFailure(Runnable call) {
    try {
      call.run();
    } catch (DriverException e) {
      return e;
    }
    throw new AssertionError("no DriverException");
  }

  // ---------------------------------------------------------------- factories

  @Test
  void bothFactoriesAreFoundByName() {
    assertThat(Drivers.find(LedgerFactory.class, "h2")).isInstanceOf(H2LedgerFactory.class);
    assertThat(Drivers.find(LedgerFactory.class, "sql")).isInstanceOf(SqlLedgerFactory.class);
  }

  @Test
  void theEmbeddedDefaultIsAnH2FileUnderTheDataDirectoryWhichItMakes() {
    data = data.resolve("not/yet/there");

    Ledger ledger = open("h2", Optional.empty(), Map.of());
    ledger.recordRevision(revision("abc"));

    assertThat(data.resolve("ledger.mv.db")).isRegularFile();
    assertThat(ledger.toString()).contains(data.toAbsolutePath().toString());
  }

  @Test
  void theH2FactoryTakesAnH2UrlAndNothingElse() {
    Ledger ledger = open("h2", Optional.of(memoryUrl()), Map.of());
    ledger.recordRevision(revision("abc"));
    assertThat(ledger.revision("abc")).isPresent();

    DriverException refused = driverFailure(() -> open("h2", Optional.of("jdbc:postgresql://db/vamp"), Map.of()));
    assertThat(refused.retryable()).isFalse();
    assertThat(refused).hasMessageContaining("jdbc:postgresql").hasMessageContaining("sql");
  }

  @Test
  void theSqlFactoryNeedsAJdbcUrl() {
    assertThat(driverFailure(() -> open("sql", Optional.empty(), Map.of())))
        .hasMessageContaining("needs a jdbc: URL").hasMessageContaining("h2")
        .satisfies(e -> assertThat(e.retryable()).isFalse());
    assertThat(driverFailure(() -> open("sql", Optional.of("etcd://h1:2379"), Map.of())))
        .hasMessageContaining("jdbc:");
    assertThat(driverFailure(() -> open("sql", Optional.of("jdbc:oracle:thin:@db:1521/vamp"), Map.of())))
        .hasMessageContaining("jdbc:oracle").hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void aPoolSizeThatIsNotANumberOfAtLeastTwoIsRefused() {
    assertThat(driverFailure(() -> open("sql", Optional.of(memoryUrl()), Map.of("pool-size", "many"))))
        .hasMessageContaining("pool-size");
    assertThat(driverFailure(() -> open("sql", Optional.of(memoryUrl()), Map.of("pool-size", "1"))))
        .as("migrating takes two connections").hasMessageContaining("pool-size").hasMessageContaining("at least 2");
    open("sql", Optional.of(memoryUrl()), Map.of("pool-size", "2")).recordRevision(revision("abc"));
  }

  // ---------------------------------------------------------------- credentials

  @Test
  void credentialsComeFromTheSettingsAndAreNeverShown() {
    String url = memoryUrl();
    Map<String, String> right = Map.of("user", "vamp", "password", "first-s3cret");
    open("sql", Optional.of(url), right).recordRevision(revision("abc"));

    DriverException refused = driverFailure(
        () -> open("sql", Optional.of(url), Map.of("user", "vamp", "password", "second-s3cret")));

    assertThat(refused.retryable()).as("wrong credentials do not get better").isFalse();
    assertThat(stackText(refused)).doesNotContain("first-s3cret", "second-s3cret");
    assertThat(open("sql", Optional.of(url), right).revision("abc")).isPresent();
  }

  @Test
  void nothingLoggedEvenAtDebugShowsAPassword() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Level before = root.getLevel();
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    root.addAppender(appender);
    Map<Logger, Level> quieted = new HashMap<>();
    for (String name : List.of("com.zaxxer.hikari", "org.flywaydb", "io.vamp", "org.h2")) {
      Logger logger = (Logger) LoggerFactory.getLogger(name);
      quieted.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    root.setLevel(Level.DEBUG);
    try {
      String url = "jdbc:h2:mem:logged-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
      Ledger ledger = open("sql", Optional.of(url), Map.of("user", "vamp", "password", "settings-s3cret"));
      ledger.recordRevision(revision("abc"));
      ledger.close();
      open("sql", Optional.of(url + ";USER=vamp;PASSWORD=url-s3cret"), Map.of()).close();
    } catch (DriverException expected) {
      // the URL's password is wrong; what matters is what was logged on the way
    } finally {
      root.detachAppender(appender);
      root.setLevel(before);
      quieted.forEach(Logger::setLevel);
    }

    assertThat(appender.list).isNotEmpty();
    assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(m -> m.contains("settings-s3cret") || m.contains("url-s3cret"));
  }

  // ---------------------------------------------------------------- failures

  @ParameterizedTest
  @ValueSource(strings = {
      "jdbc:postgresql://127.0.0.1:%d/vamp",
      "jdbc:mariadb://127.0.0.1:%d/vamp",
      "jdbc:mysql://127.0.0.1:%d/vamp",
      "jdbc:sqlserver://127.0.0.1:%d;databaseName=vamp;encrypt=false;loginTimeout=2",
  })
  void aServerThatCannotBeReachedIsARetryableFailure(String template) throws IOException {
    String url = template.formatted(freePort());

    DriverException failure = driverFailure(
        () -> open("sql", Optional.of(url), Map.of("user", "vamp", "password", "unreachable-s3cret")));

    assertThat(failure.retryable()).as("%s", failure.getMessage()).isTrue();
    assertThat(failure).hasMessageContaining("could not connect to " + url);
    assertThat(stackText(failure)).doesNotContain("unreachable-s3cret");
  }

  @Test
  void aFailedRecordLeavesNothingBehind() throws Exception {
    String url = memoryUrl();
    Ledger ledger = openMemory(url);

    DriverException failure = driverFailure(() -> ledger.recordArtifacts("unrecorded", Map.of("breed/a", "a: 1\n")));

    assertThat(failure.retryable()).isFalse();
    assertThat(H2Databases.count(url, Map.of(), "SELECT COUNT(*) FROM artifact_content")).isZero();
    assertThat(ledger.artifacts("unrecorded")).isEmpty();
  }

  @Test
  void anActionOfAnUnrecordedRevisionIsRefused() {
    Ledger ledger = openMemory(memoryUrl());

    assertThat(driverFailure(() -> ledger.recordAction(
        new ActionRecord("unrecorded", 0, "deploy", "a/b/c", "applied", "", T0, T0))).retryable()).isFalse();
  }

  @Test
  void keysTooLongAreRefusedAndNothingIsCutShort() throws Exception {
    String url = memoryUrl();
    Ledger ledger = openMemory(url);
    ledger.recordRevision(revision("abc"));
    String longId = "e".repeat(SqlLedger.MAX_EVENT_ID + 1);

    assertThat(driverFailure(() -> ledger.appendEvents(List.of(
        new Event("fine", Set.of(), "t", "v", T0), new Event(longId, Set.of(), "t", "v", T0)))))
        .hasMessageContaining("event id").hasMessageContaining("128")
        .satisfies(e -> assertThat(e.retryable()).isFalse());
    assertThat(driverFailure(() -> ledger.recordRevision(revision("s".repeat(65))))).hasMessageContaining("sha");
    assertThat(driverFailure(() -> ledger.saveInventory(
        new Inventory(Set.of("w".repeat(SqlLedger.MAX_INVENTORY_NAME + 1)), Set.of(), "abc"))))
        .hasMessageContaining("workload name");
    assertThat(driverFailure(() -> ledger.recordArtifacts("abc",
        Map.of("breed/" + "n".repeat(SqlLedger.MAX_ARTIFACT_NAME + 1), "x")))).hasMessageContaining("artifact name");

    assertThat(H2Databases.count(url, Map.of(), "SELECT COUNT(*) FROM events")).isZero();
    assertThat(ledger.inventory()).isEqualTo(Inventory.EMPTY);
  }

  @Test
  void aNonPositiveLimitIsAMistake() {
    Ledger ledger = openMemory(memoryUrl());

    assertThatThrownBy(() -> ledger.revisions(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.pendingEvents(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ledger.events(Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedLedgerRefusesWork() {
    Ledger ledger = openMemory(memoryUrl());
    ledger.close();

    assertThatThrownBy(() -> ledger.revisions(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
  }

  // ---------------------------------------------------------------- storage

  @Test
  void contentIsStoredOnceHoweverManyRevisionsHoldIt() throws Exception {
    String url = memoryUrl();
    Ledger ledger = openMemory(url);
    String breed = "name: sava:1.0.0\ndeployable: magneticio/sava:1.0.0\n";
    for (int n = 0; n < 5; n++) {
      ledger.recordRevision(revision("r" + n));
      ledger.recordArtifacts("r" + n, Map.of("breed/sava:1.0.0", breed, "breed/copy", breed,
          "deployment/sava", "name: sava\nscale: " + n + "\n"));
    }

    assertThat(count(url, "artifact_content")).isEqualTo(1 + 5);
    assertThat(count(url, "artifact_sets")).isEqualTo(5);
    assertThat(count(url, "artifact_set_entries")).as("the first set whole, then one changed entry each")
        .isEqualTo(3 + 4);
    assertThat(count(url, "revision_artifacts")).as("version 1's table").isZero();
    assertThat(count(url, "revision_changes")).isEqualTo(3 + 4);
    assertThat(ledger.artifacts("r3")).containsEntry("deployment/sava", "name: sava\nscale: 3\n");
  }

  @Test
  void revisionsWithTheSameArtifactsShareOneSet() throws Exception {
    String url = memoryUrl();
    Ledger ledger = openMemory(url);
    for (int n = 0; n < 4; n++) {
      ledger.recordRevision(revision("r" + n));
      ledger.recordArtifacts("r" + n, Map.of("breed/a", "a\n", "deployment/d", n % 2 == 0 ? "even\n" : "odd\n"));
    }

    assertThat(count(url, "artifact_sets")).isEqualTo(2);
    assertThat(count(url, "revision_artifact_sets")).isEqualTo(4);
    assertThat(ledger.artifacts("r2")).isEqualTo(Map.of("breed/a", "a\n", "deployment/d", "even\n"));
    assertThat(ledger.changes("r2")).isEqualTo(Map.of("deployment/d", ArtifactChange.CHANGED));
  }

  @Test
  void aSetIsStoredWholeAgainAfterTheLongestChainOfDeltasOrWhenMostOfItChanged() throws Exception {
    String url = memoryUrl();
    Ledger ledger = openMemory(url);
    Map<String, String> tree = new TreeMap<>();
    for (int i = 0; i < 10; i++) {
      tree.put("breed/b" + i, "0\n");
    }
    int revisions = SqlLedger.MAX_DELTA_DEPTH + 5;
    for (int n = 0; n < revisions; n++) {
      tree.put("breed/b" + n % 10, n + "\n");
      ledger.recordRevision(revision("r" + n));
      ledger.recordArtifacts("r" + n, tree);
    }
    Map<String, String> mostChanged = new TreeMap<>();
    tree.keySet().forEach(k -> mostChanged.put(k, "new\n"));
    ledger.recordRevision(revision("most"));
    ledger.recordArtifacts("most", mostChanged);

    assertThat(count(url, "artifact_sets WHERE base IS NULL")).as("r0, r65 and 'most'").isEqualTo(3);
    assertThat(count(url, "artifact_sets WHERE depth > " + SqlLedger.MAX_DELTA_DEPTH)).isZero();
    assertThat(count(url, "artifact_sets WHERE depth = " + SqlLedger.MAX_DELTA_DEPTH)).isEqualTo(1);
    assertThat(count(url, "artifact_set_entries")).isEqualTo(10 + SqlLedger.MAX_DELTA_DEPTH + 10 + 3 + 10);
    ledger.close();

    Ledger cold = openMemory(url); // nothing in memory: every set is read through its chain
    assertThat(cold.artifacts("r" + SqlLedger.MAX_DELTA_DEPTH)).containsEntry("breed/b4", SqlLedger.MAX_DELTA_DEPTH + "\n")
        .hasSize(10);
    assertThat(cold.artifacts("most")).isEqualTo(mostChanged);
  }

  @Test
  void aSetThatDoesNotHoldWhatItsDigestSaysIsReportedAsDamage() throws Exception {
    String url = memoryUrl();
    Ledger ledger = openMemory(url);
    ledger.recordRevision(revision("r0"));
    ledger.recordArtifacts("r0", Map.of("breed/a", "a\n", "breed/b", "b\n"));
    ledger.close();
    try (Connection c = H2Databases.connect(url, Map.of()); Statement s = c.createStatement()) {
      s.executeUpdate("DELETE FROM artifact_set_entries WHERE name = 'b'");
    }

    Ledger reopened = openMemory(url);
    assertThatThrownBy(() -> reopened.artifacts("r0")).isInstanceOf(DriverException.class)
        .hasMessageContaining("damaged").matches(e -> !((DriverException) e).retryable());
  }

  @Test
  void artifactsOfAnUnrecordedRevisionAreRefused() {
    Ledger ledger = openMemory(memoryUrl());

    assertThatThrownBy(() -> ledger.recordArtifacts("nope", Map.of("breed/a", "a\n")))
        .isInstanceOf(DriverException.class).hasMessageContaining("no revision nope")
        .matches(e -> !((DriverException) e).retryable());
  }

  @Test
  void versionOneDataIsMovedIntoSetsWhenTheLedgerOpens() throws Exception {
    String url = memoryUrl();
    H2Databases.track(url, Map.of());
    Flyway.configure(SqlLedger.class.getClassLoader()).dataSource(url, "", "").locations("classpath:db/migration/h2")
        .table(SqlLedger.SCHEMA_HISTORY_TABLE).target("1").load().migrate();
    try (Connection c = H2Databases.connect(url, Map.of()); Statement s = c.createStatement()) {
      for (int n = 0; n < 3; n++) {
        s.executeUpdate("INSERT INTO revisions (sha, parent, author, committer, message, commit_time, observed_at,"
            + " status, detail, finished_at, observed_seq, attempted_seq, applied_seq) VALUES ('r" + n + "', NULL,"
            + " 'a', 'c', 'm', 0, " + n + ", 'APPLIED', '', 1, " + (n + 1) + ", " + (n + 1) + ", " + (n + 1) + ")");
      }
      s.executeUpdate("INSERT INTO artifact_content (digest, content) VALUES ('" + SqlLedger.sha256("one\n")
          + "', 'one\n'), ('" + SqlLedger.sha256("two\n") + "', 'two\n')");
      s.executeUpdate("INSERT INTO revision_artifacts (revision, kind, name, digest) VALUES"
          + " ('r0', 'deployment', 'sava', '" + SqlLedger.sha256("one\n") + "'),"
          + " ('r0', 'breed', 'b', '" + SqlLedger.sha256("one\n") + "'),"
          + " ('r1', 'deployment', 'sava', '" + SqlLedger.sha256("two\n") + "'),"
          + " ('r1', 'breed', 'b', '" + SqlLedger.sha256("one\n") + "'),"
          + " ('r2', 'breed', 'b', '" + SqlLedger.sha256("one\n") + "')");
      s.executeUpdate("INSERT INTO actions (revision, seq, type, target, outcome, detail, started_at, finished_at)"
          + " VALUES ('r2', 0, 'remove', 'other/web/web:1', 'applied', '', 0, 1)");
    }

    Ledger ledger = openMemory(url);

    assertThat(ledger.artifacts("r0")).isEqualTo(Map.of("deployment/sava", "one\n", "breed/b", "one\n"));
    assertThat(ledger.artifacts("r1")).isEqualTo(Map.of("deployment/sava", "two\n", "breed/b", "one\n"));
    assertThat(ledger.artifacts("r2")).isEqualTo(Map.of("breed/b", "one\n"));
    assertThat(ledger.changes("r1")).isEqualTo(Map.of("deployment/sava", ArtifactChange.CHANGED));
    assertThat(ledger.history(HistoryQuery.latest(10).withDeployment("sava")).stream().map(RevisionRecord::sha))
        .containsExactly("r2", "r1", "r0");
    assertThat(ledger.history(HistoryQuery.latest(10).withDeployment("other")).stream().map(RevisionRecord::sha))
        .containsExactly("r2");
    assertThat(count(url, "revision_artifacts")).isZero();
    assertThat(count(url, "ledger_counter WHERE name = 'v1-data-converted' AND counter_value = 1")).isEqualTo(1);
    ledger.close();

    openMemory(url).close(); // a second open finds nothing to move
    assertThat(count(url, "artifact_sets")).isEqualTo(3);
  }

  private static long count(String url, String tableAndCondition) throws SQLException {
    return H2Databases.count(url, Map.of(), "SELECT COUNT(*) FROM " + tableAndCondition);
  }

  @Test
  void theSchemaIsMigratedOnceIntoItsOwnHistoryTable() throws Exception {
    String url = memoryUrl();
    openMemory(url).close();
    openMemory(url).close();

    assertThat(H2Databases.count(url, Map.of(),
        "SELECT COUNT(*) FROM \"" + SqlLedger.SCHEMA_HISTORY_TABLE + "\" WHERE \"success\" AND \"version\" = '1'"))
        .isEqualTo(1);
    assertThat(H2Databases.count(url, Map.of(),
        "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = 'flyway_schema_history'")).isZero();
  }

  @Test
  void timesAreStoredAsUtcEpochMilliseconds() throws Exception {
    String url = memoryUrl();
    Ledger ledger = openMemory(url);
    ledger.recordRevision(revision("abc"));

    assertThat(H2Databases.count(url, Map.of(), "SELECT commit_time FROM revisions WHERE sha = 'abc'"))
        .isEqualTo(T0.toEpochMilli());
  }

  // ---------------------------------------------------------------- concurrency

  @Test
  void concurrentWritersOfTheSameEventsAndRevisionsStoreEachOnce() throws Exception {
    Ledger ledger = open("h2", Optional.empty(), Map.of());
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(new Event("e" + i, Set.of("deployments:sava", "n:" + i), "deployed", "v" + i, T0.plusMillis(i)));
    }
    List<Callable<Void>> writers = new ArrayList<>();
    for (int w = 0; w < 8; w++) {
      writers.add(() -> {
        ledger.recordRevision(revision("same"));
        ledger.appendEvents(events);
        return null;
      });
    }

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (Future<Void> done : pool.invokeAll(writers)) {
        done.get();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(ledger.revisions(10)).extracting(RevisionRecord::sha).containsExactly("same");
    assertThat(ledger.pendingEvents(100)).isEqualTo(events);
    assertThat(ledger.events(Optional.of("n:7"), 10)).extracting(Event::id).containsExactly("e7");
  }

  // ---------------------------------------------------------------- the event sink

  @Test
  void theLedgerEventSinkKeepsEventsInTheOutboxOnceAndLeavesTheLedgerOpen() {
    Ledger ledger = openMemory(memoryUrl());
    Event event = new Event("e1", Set.of("deployments:sava"), "deployed", "{}", T0);

    try (LedgerEventSink sink = new LedgerEventSink(ledger)) {
      sink.publish(List.of(event));
      sink.publish(List.of(event));
    }

    assertThat(ledger.pendingEvents(10)).containsExactly(event);
  }

  // ---------------------------------------------------------------- helpers

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String stackText(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      text.append(t).append('\n');
      for (Throwable s : t.getSuppressed()) {
        text.append(s).append('\n');
      }
    }
    return text.toString();
  }

}
