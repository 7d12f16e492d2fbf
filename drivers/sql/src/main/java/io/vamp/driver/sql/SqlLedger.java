package io.vamp.driver.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.ArtifactChange;
import io.vamp.driver.spi.ledger.HistoryQuery;
import io.vamp.driver.spi.ledger.Inventory;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Ledger} over JDBC: a small HikariCP pool, the schema kept by Flyway from this vendor's
 * migrations ({@code db/migration/<vendor>}), one transaction per method. Times are stored as UTC
 * epoch milliseconds. Where vendors differ (upsert, insert-if-absent, row limits) it asks its
 * {@link Dialect}; everything else is the same SQL everywhere.
 *
 * <p>Made by {@link H2LedgerFactory} ({@code h2}) and {@link SqlLedgerFactory} ({@code sql}).
 */
public final class SqlLedger implements Ledger {
  private static final Logger LOG = LoggerFactory.getLogger(SqlLedger.class);

  /** Flyway's bookkeeping table; not Flyway's default name, so a schema shared with an application
   * that uses Flyway itself keeps two separate histories. */
  static final String SCHEMA_HISTORY_TABLE = "ledger_schema_history";

  static final int MAX_SHA = 64;
  static final int MAX_ACTION_WORD = 64;
  static final int MAX_INVENTORY_NAME = 400;
  static final int MAX_ARTIFACT_KIND = 32;
  static final int MAX_ARTIFACT_NAME = 300;
  static final int MAX_EVENT_ID = 128;
  static final int MAX_EVENT_TYPE = 255;
  static final int MAX_TAG = 255;

  private static final String WORKLOAD = "workload";
  private static final String GATEWAY = "gateway";
  private static final String ACTIVITY_COUNTER = "revision-activity";
  /** How often a transaction that lost a race to another writer is tried in all. */
  private static final int ATTEMPTS = 3;
  /** Rows per IN (...) list, well under every vendor's limit on parameters. */
  private static final int IN_CHUNK = 200;
  /**
   * At most this many deltas between an artifact set and the set stored whole its bases lead to: reading a
   * set walks at most this many bases; storing a whole set (1,000 rows for 1,000 artifacts) this often
   * bounds that walk.
   */
  static final int MAX_DELTA_DEPTH = 64;
  /** More bases than any ledger writes, even after a change of {@link #MAX_DELTA_DEPTH}: a damaged chain. */
  private static final int MAX_CHAIN = 10_000;
  /** Artifact sets kept in memory: the last few written or read, so the next write needs no read. */
  private static final int CACHED_SETS = 4;
  /** The counter row that says version 1's data has been moved to version 2's tables (0 or 1). */
  private static final String CONVERTED = "v1-data-converted";

  private static final String REVISION_COLUMNS = "sha, parent, author, committer, message, commit_time,"
      + " observed_at, status, detail, finished_at";
  private static final String EVENT_COLUMNS = "e.id, e.tags, e.type, e.event_value, e.ts";

  private final HikariDataSource dataSource;
  private final Dialect dialect;
  private final Clock clock;
  private final String where;
  private final String upsertAction;
  private final String insertContentIfAbsent;
  private final String insertEventIfAbsent;
  private final String insertTagIfAbsent;
  private final String upsertRevisionSet;
  private final ArtifactSet.Cache sets = new ArtifactSet.Cache(CACHED_SETS);
  private final Optional<String> persistStatement;
  private volatile boolean closed;

  private SqlLedger(HikariDataSource dataSource, ConnectionSettings settings, Clock clock, String where) {
    this.dataSource = dataSource;
    this.dialect = settings.dialect();
    this.persistStatement = dialect.persistStatement(settings.url());
    this.clock = clock;
    this.where = where;
    this.upsertAction = dialect.upsert("actions",
        List.of("revision", "seq", "type", "target", "outcome", "detail", "started_at", "finished_at"),
        List.of("revision", "seq"));
    this.insertContentIfAbsent = dialect.insertIfAbsent("artifact_content", List.of("digest", "content"),
        List.of("digest"));
    this.insertEventIfAbsent = dialect.insertIfAbsent("events",
        List.of("id", "type", "event_value", "tags", "ts"), List.of("id"));
    this.insertTagIfAbsent = dialect.insertIfAbsent("event_tags", List.of("tag", "event_id", "ts"),
        List.of("tag", "event_id"));
    this.upsertRevisionSet = dialect.upsert("revision_artifact_sets", List.of("revision", "set_digest", "observed_seq"),
        List.of("revision"));
  }

  static SqlLedger open(ConnectionSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  /**
   * Opens a pool on the database and brings its schema up to date. Fails with a retryable
   * {@link DriverException} when the server cannot be reached, a non-retryable one when the
   * credentials or the schema are refused.
   */
  static SqlLedger open(ConnectionSettings settings, Clock clock) {
    String where = settings.redactedUrl();
    HikariDataSource dataSource;
    try {
      dataSource = new HikariDataSource(poolConfig(settings));
    } catch (RuntimeException e) {
      throw Failures.of("could not connect to " + where, e);
    }
    try {
      MigrateResult result = Flyway.configure(SqlLedger.class.getClassLoader())
          .dataSource(dataSource)
          .locations(settings.dialect().migrations())
          .table(SCHEMA_HISTORY_TABLE)
          .failOnMissingLocations(true)
          .cleanDisabled(true)
          .load()
          .migrate();
      LOG.info("ledger opened url={} dialect={} schema={} migrations_applied={}", where,
          settings.dialect().name().toLowerCase(Locale.ROOT),
          result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
          result.migrationsExecuted);
    } catch (RuntimeException e) {
      dataSource.close();
      throw Failures.of("could not bring the schema at " + where + " up to date", e);
    }
    SqlLedger ledger = new SqlLedger(dataSource, settings, clock, where);
    try {
      ledger.transaction("write the migrated schema to disk", c -> null);
      ledger.convertVersion1Data();
    } catch (RuntimeException e) {
      ledger.close();
      throw e;
    }
    return ledger;
  }

  private static HikariConfig poolConfig(ConnectionSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("vamp-ledger");
    config.setDataSource(new JdbcDataSource(settings));
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(1);
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    config.setConnectionTimeout(TimeUnit.SECONDS.toMillis(10));
    return config;
  }

  // ---------------------------------------------------------------- revisions

  @Override
  public void recordRevision(RevisionRecord revision) {
    String sha = bounded("sha", revision.sha(), MAX_SHA);
    revision.parent().ifPresent(p -> bounded("parent sha", p, MAX_SHA));
    boolean recorded = transaction("record revision " + sha, c -> {
      long activity = nextActivity(c); // taken first: its lock orders concurrent writers of revisions
      if (exists(c, "SELECT 1 FROM revisions WHERE sha = ?", sha)) {
        return false;
      }
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO revisions (" + REVISION_COLUMNS
          + ", observed_seq, attempted_seq, applied_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        insert.setString(1, sha);
        setNullableString(insert, 2, revision.parent());
        insert.setString(3, revision.author());
        insert.setString(4, revision.committer());
        insert.setString(5, revision.message());
        insert.setLong(6, revision.commitTime().toEpochMilli());
        insert.setLong(7, revision.observedAt().toEpochMilli());
        insert.setString(8, revision.status().name());
        insert.setString(9, revision.detail());
        setNullableLong(insert, 10, revision.finishedAt().map(Instant::toEpochMilli));
        insert.setLong(11, activity);
        insert.setLong(12, activity);
        setNullableLong(insert, 13, revision.status() == RevisionStatus.APPLIED ? Optional.of(activity) : Optional.empty());
        insert.executeUpdate();
      }
      return true;
    });
    if (recorded) {
      LOG.debug("ledger recorded revision={} status={}", sha, revision.status());
    }
  }

  @Override
  public void updateRevision(String sha, RevisionStatus status, String detail) {
    Objects.requireNonNull(sha, "sha");
    Objects.requireNonNull(status, "status");
    String text = detail == null ? "" : detail;
    transaction("update revision " + sha, c -> {
      long activity = nextActivity(c);
      String sql = switch (status) {
        case IN_PROGRESS -> "UPDATE revisions SET status = ?, detail = ?, finished_at = NULL, attempted_seq = ?"
            + " WHERE sha = ?";
        case APPLIED -> "UPDATE revisions SET status = ?, detail = ?, finished_at = ?, applied_seq = ? WHERE sha = ?";
        case REJECTED, FAILED -> "UPDATE revisions SET status = ?, detail = ?, finished_at = ? WHERE sha = ?";
        // an attempt cut short changes nothing about a revision already applied (by a newer leader)
        case SUPERSEDED -> "UPDATE revisions SET status = ?, detail = ?, finished_at = ? WHERE sha = ?"
            + " AND status <> 'APPLIED'";
      };
      int updated;
      try (PreparedStatement update = c.prepareStatement(sql)) {
        int i = 1;
        update.setString(i++, status.name());
        update.setString(i++, text);
        switch (status) {
          case IN_PROGRESS -> update.setLong(i++, activity);
          case APPLIED -> {
            update.setLong(i++, clock.millis());
            update.setLong(i++, activity);
          }
          case REJECTED, SUPERSEDED, FAILED -> update.setLong(i++, clock.millis());
        }
        update.setString(i, sha);
        updated = update.executeUpdate();
      }
      if (updated == 0 && !exists(c, "SELECT 1 FROM revisions WHERE sha = ?", sha)) {
        throw new DriverException("ledger: no revision " + sha + " to move to " + status, false);
      }
      return null;
    });
    LOG.debug("ledger updated revision={} status={}", sha, status);
  }

  @Override
  public Optional<RevisionRecord> revision(String sha) {
    return transaction("read revision " + sha, c -> first(queryRevisions(c,
        "SELECT " + REVISION_COLUMNS + " FROM revisions WHERE sha = ?", sha)));
  }

  @Override
  public List<RevisionRecord> revisions(int limit) {
    positive(limit);
    return transaction("list revisions", c -> queryRevisions(c,
        "SELECT " + REVISION_COLUMNS + " FROM revisions ORDER BY observed_seq DESC " + dialect.limit(), limit));
  }

  @Override
  public Optional<RevisionRecord> lastApplied() {
    return transaction("find the last applied revision", c -> first(queryRevisions(c,
        "SELECT " + REVISION_COLUMNS + " FROM revisions WHERE status = ? ORDER BY applied_seq DESC "
            + dialect.limit(), RevisionStatus.APPLIED.name(), 1)));
  }

  @Override
  public Optional<RevisionRecord> lastAttempted() {
    return transaction("find the last attempted revision", c -> first(queryRevisions(c,
        "SELECT " + REVISION_COLUMNS + " FROM revisions ORDER BY attempted_seq DESC " + dialect.limit(), 1)));
  }

  private long nextActivity(Connection c) throws SQLException {
    try (PreparedStatement bump = c.prepareStatement(
        "UPDATE ledger_counter SET counter_value = counter_value + 1 WHERE name = ?")) {
      bump.setString(1, ACTIVITY_COUNTER);
      bump.executeUpdate();
    }
    try (PreparedStatement read = c.prepareStatement("SELECT counter_value FROM ledger_counter WHERE name = ?")) {
      read.setString(1, ACTIVITY_COUNTER);
      try (ResultSet rows = read.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("the ledger_counter row '" + ACTIVITY_COUNTER + "' is missing");
        }
        return rows.getLong(1);
      }
    }
  }

  private static List<RevisionRecord> queryRevisions(Connection c, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement query = prepare(c, sql, parameters); ResultSet rows = query.executeQuery()) {
      List<RevisionRecord> revisions = new ArrayList<>();
      while (rows.next()) {
        long finished = rows.getLong(10);
        Optional<Instant> finishedAt = rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        revisions.add(new RevisionRecord(
            rows.getString(1),
            Optional.ofNullable(rows.getString(2)),
            rows.getString(3),
            rows.getString(4),
            rows.getString(5),
            Instant.ofEpochMilli(rows.getLong(6)),
            Instant.ofEpochMilli(rows.getLong(7)),
            RevisionStatus.valueOf(rows.getString(8)),
            rows.getString(9),
            finishedAt));
      }
      return revisions;
    }
  }

  // ---------------------------------------------------------------- actions

  @Override
  public void recordAction(ActionRecord action) {
    bounded("sha", action.revision(), MAX_SHA);
    bounded("action type", action.type(), MAX_ACTION_WORD);
    bounded("action outcome", action.outcome(), MAX_ACTION_WORD);
    transaction("record action " + action.sequence() + " of revision " + action.revision(), c -> {
      try (PreparedStatement upsert = c.prepareStatement(upsertAction)) {
        upsert.setString(1, action.revision());
        upsert.setInt(2, action.sequence());
        upsert.setString(3, action.type());
        upsert.setString(4, action.target());
        upsert.setString(5, action.outcome());
        upsert.setString(6, action.detail());
        upsert.setLong(7, action.startedAt().toEpochMilli());
        upsert.setLong(8, action.finishedAt().toEpochMilli());
        upsert.executeUpdate();
      }
      indexActionDeployments(c, action.revision(), action.sequence(), action.target());
      return null;
    });
    LOG.debug("ledger recorded action revision={} seq={} type={} outcome={}", action.revision(),
        action.sequence(), action.type(), action.outcome());
  }

  /** Keeps {@code action_deployments} in step with the action's target, for history by deployment. */
  private static void indexActionDeployments(Connection c, String revision, int sequence, String target)
      throws SQLException {
    try (PreparedStatement delete = c.prepareStatement(
        "DELETE FROM action_deployments WHERE revision = ? AND seq = ?")) {
      delete.setString(1, revision);
      delete.setInt(2, sequence);
      delete.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO action_deployments (revision, seq, deployment) VALUES (?, ?, ?)")) {
      for (String deployment : HistoryQuery.deploymentsTargeted(target)) {
        if (deployment.length() <= MAX_ARTIFACT_NAME) { // longer is no deployment's name
          insert.setString(1, revision);
          insert.setInt(2, sequence);
          insert.setString(3, deployment);
          insert.addBatch();
        }
      }
      insert.executeBatch();
    }
  }

  @Override
  public List<ActionRecord> actions(String sha) {
    return transaction("list the actions of revision " + sha, c -> {
      try (PreparedStatement query = prepare(c, "SELECT revision, seq, type, target, outcome, detail, started_at,"
          + " finished_at FROM actions WHERE revision = ? ORDER BY seq", sha);
          ResultSet rows = query.executeQuery()) {
        List<ActionRecord> actions = new ArrayList<>();
        while (rows.next()) {
          actions.add(new ActionRecord(rows.getString(1), rows.getInt(2), rows.getString(3), rows.getString(4),
              rows.getString(5), rows.getString(6), Instant.ofEpochMilli(rows.getLong(7)),
              Instant.ofEpochMilli(rows.getLong(8))));
        }
        return actions;
      }
    });
  }

  // ---------------------------------------------------------------- inventory

  @Override
  public Inventory inventory() {
    return transaction("read the inventory", c -> {
      Set<String> workloads = new TreeSet<>();
      Set<String> gateways = new TreeSet<>();
      try (PreparedStatement query = c.prepareStatement("SELECT kind, name FROM inventory");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          switch (rows.getString(1)) {
            case WORKLOAD -> workloads.add(rows.getString(2));
            case GATEWAY -> gateways.add(rows.getString(2));
            default -> { } // a kind a newer version keeps; not ours to interpret
          }
        }
      }
      return new Inventory(workloads, gateways, inventoryRevision(c));
    });
  }

  @Override
  public void saveInventory(Inventory inventory) {
    if (!inventory.revision().isEmpty()) {
      bounded("inventory revision", inventory.revision(), MAX_SHA);
    }
    inventory.workloads().forEach(w -> bounded("workload name", w, MAX_INVENTORY_NAME));
    inventory.gateways().forEach(g -> bounded("gateway name", g, MAX_INVENTORY_NAME));
    transaction("save the inventory", c -> {
      Set<List<String>> wanted = new HashSet<>();
      inventory.workloads().forEach(w -> wanted.add(List.of(WORKLOAD, w)));
      inventory.gateways().forEach(g -> wanted.add(List.of(GATEWAY, g)));
      Set<List<String>> present = new HashSet<>();
      try (PreparedStatement query = c.prepareStatement("SELECT kind, name FROM inventory");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          present.add(List.of(rows.getString(1), rows.getString(2)));
        }
      }
      try (PreparedStatement delete = c.prepareStatement("DELETE FROM inventory WHERE kind = ? AND name = ?")) {
        for (List<String> item : present) {
          if (!wanted.contains(item)) {
            delete.setString(1, item.get(0));
            delete.setString(2, item.get(1));
            delete.addBatch();
          }
        }
        delete.executeBatch();
      }
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO inventory (kind, name, added_in) VALUES (?, ?, ?)")) {
        for (List<String> item : wanted) {
          if (!present.contains(item)) {
            insert.setString(1, item.get(0));
            insert.setString(2, item.get(1));
            insert.setString(3, inventory.revision());
            insert.addBatch();
          }
        }
        insert.executeBatch();
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE inventory_revision SET revision = ? WHERE id = 1")) {
        update.setString(1, inventory.revision());
        if (update.executeUpdate() != 1) {
          throw new SQLException("the inventory_revision row is missing");
        }
      }
      return null;
    });
    LOG.debug("ledger saved inventory revision={} workloads={} gateways={}", inventory.revision(),
        inventory.workloads().size(), inventory.gateways().size());
  }

  private static String inventoryRevision(Connection c) throws SQLException {
    try (PreparedStatement query = c.prepareStatement("SELECT revision FROM inventory_revision WHERE id = 1");
        ResultSet rows = query.executeQuery()) {
      return rows.next() ? rows.getString(1) : "";
    }
  }

  // ---------------------------------------------------------------- artifacts

  @Override
  public void recordArtifacts(String sha, Map<String, String> kindSlashNameToContent) {
    bounded("sha", sha, MAX_SHA);
    SortedMap<String, String> listing = new TreeMap<>();
    Map<String, String> contentByDigest = new LinkedHashMap<>();
    for (Map.Entry<String, String> artifact : new TreeMap<>(kindSlashNameToContent).entrySet()) {
      String key = artifact.getKey();
      ArtifactKey.of(key);
      String content = Objects.requireNonNull(artifact.getValue(), () -> "the content of " + key);
      String digest = sha256(content);
      listing.put(key, digest);
      contentByDigest.putIfAbsent(digest, content);
    }
    ArtifactSet set = ArtifactSet.of(listing);
    Stored stored = transaction("record the artifacts of revision " + sha,
        c -> storeArtifacts(c, sha, set, contentByDigest));
    sets.remember(set);
    LOG.debug("ledger recorded artifacts revision={} artifacts={} set={} new_set={} new_contents={} changes={}",
        sha, listing.size(), set.digest().substring(0, 12), stored.newSet(), stored.newContents(), stored.changes());
  }

  private record Stored(boolean newSet, int newContents, int changes) {}

  /**
   * Points the revision to its artifact set, storing the set (as a delta against the set recorded before
   * the revision, when that is worth it) and the contents it needs if they are new, and records what
   * changed since that previous set. {@code contentByDigest} holds every content the set names that the
   * ledger may not have yet.
   */
  private Stored storeArtifacts(Connection c, String sha, ArtifactSet set, Map<String, String> contentByDigest)
      throws SQLException {
    long observedSeq = observedSeq(c, sha).orElseThrow(() ->
        new DriverException("ledger: no revision " + sha + " to record artifacts for", false));
    Optional<ArtifactSet> previous = previousSet(c, observedSeq);
    SortedMap<String, ArtifactChange> changes = ArtifactSet.changes(previous.orElse(ArtifactSet.EMPTY), set);
    boolean newSet = !exists(c, "SELECT 1 FROM artifact_sets WHERE digest = ?", set.digest());
    int newContents = 0;
    if (newSet) {
      newContents = storeContents(c, set, previous, contentByDigest);
      storeSet(c, set, previous, changes);
    }
    try (PreparedStatement upsert = c.prepareStatement(upsertRevisionSet)) {
      upsert.setString(1, sha);
      upsert.setString(2, set.digest());
      upsert.setLong(3, observedSeq);
      upsert.executeUpdate();
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM revision_artifacts WHERE revision = ?")) {
      delete.setString(1, sha); // version 1's rows of this revision, if any: the set replaces them
      delete.executeUpdate();
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM revision_changes WHERE revision = ?")) {
      delete.setString(1, sha);
      delete.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO revision_changes (revision, kind, name, change_type) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<String, ArtifactChange> change : changes.entrySet()) {
        ArtifactKey key = ArtifactKey.of(change.getKey());
        insert.setString(1, sha);
        insert.setString(2, key.kind());
        insert.setString(3, key.name());
        insert.setString(4, change.getValue().name().toLowerCase(Locale.ROOT));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return new Stored(newSet, newContents, changes.size());
  }

  /** Stores the contents the set names that the ledger does not have yet; returns how many. */
  private int storeContents(Connection c, ArtifactSet set, Optional<ArtifactSet> previous,
      Map<String, String> contentByDigest) throws SQLException {
    Set<String> stored = previous.isPresent() ? new HashSet<>(previous.get().listing().values()) : Set.of();
    Set<String> maybeNew = new TreeSet<>();
    for (String digest : set.listing().values()) {
      if (!stored.contains(digest)) { // the previous set's contents are stored
        maybeNew.add(digest);
      }
    }
    Set<String> known = existing(c, "SELECT digest FROM artifact_content WHERE digest IN ", maybeNew);
    int added = 0;
    try (PreparedStatement insert = c.prepareStatement(insertContentIfAbsent)) {
      for (String digest : maybeNew) {
        if (!known.contains(digest)) {
          String content = contentByDigest.get(digest);
          if (content == null) {
            throw new SQLException("the content " + digest + " is neither given nor stored");
          }
          insert.setString(1, digest);
          insert.setString(2, content);
          insert.addBatch();
          added++;
        }
      }
      insert.executeBatch();
    }
    return added;
  }

  /**
   * Stores a new set: as the entries that differ from the previous set when that one is at most
   * {@link #MAX_DELTA_DEPTH} - 1 deltas from a whole set and the difference is at most half the set;
   * whole otherwise.
   */
  private void storeSet(Connection c, ArtifactSet set, Optional<ArtifactSet> previous,
      SortedMap<String, ArtifactChange> changes) throws SQLException {
    Optional<Integer> baseDepth = previous.isPresent() ? depth(c, previous.get().digest()) : Optional.empty();
    boolean delta = baseDepth.isPresent() && baseDepth.get() < MAX_DELTA_DEPTH
        && changes.size() * 2 <= set.listing().size();
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO artifact_sets (digest, base, depth, artifact_count) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, set.digest());
      setNullableString(insert, 2, delta ? previous.map(ArtifactSet::digest) : Optional.empty());
      insert.setInt(3, delta ? baseDepth.get() + 1 : 0);
      insert.setInt(4, set.listing().size());
      insert.executeUpdate();
    }
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO artifact_set_entries (set_digest, kind, name, digest) VALUES (?, ?, ?, ?)")) {
      Collection<String> keys = delta ? changes.keySet() : set.listing().keySet();
      for (String k : keys) {
        ArtifactKey key = ArtifactKey.of(k);
        insert.setString(1, set.digest());
        insert.setString(2, key.kind());
        insert.setString(3, key.name());
        setNullableString(insert, 4, Optional.ofNullable(set.listing().get(k))); // null: removed from the base
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static Optional<Long> observedSeq(Connection c, String sha) throws SQLException {
    try (PreparedStatement query = prepare(c, "SELECT observed_seq FROM revisions WHERE sha = ?", sha);
        ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
    }
  }

  /** The set of the latest revision observed before {@code observedSeq} that has one. */
  private Optional<ArtifactSet> previousSet(Connection c, long observedSeq) throws SQLException {
    Optional<String> digest;
    try (PreparedStatement query = prepare(c, "SELECT set_digest FROM revision_artifact_sets WHERE observed_seq < ?"
        + " ORDER BY observed_seq DESC " + dialect.limit(), observedSeq, 1); ResultSet rows = query.executeQuery()) {
      digest = rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
    }
    return digest.isPresent() ? Optional.of(set(c, digest.get())) : Optional.empty();
  }

  private static Optional<Integer> depth(Connection c, String setDigest) throws SQLException {
    try (PreparedStatement query = prepare(c, "SELECT depth FROM artifact_sets WHERE digest = ?", setDigest);
        ResultSet rows = query.executeQuery()) {
      return rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
    }
  }

  /**
   * A stored set, read back by walking its bases down to a set stored whole (or one already in memory)
   * and applying the deltas on the way back up. The result must hash to the digest it was asked for.
   */
  private ArtifactSet set(Connection c, String digest) throws SQLException {
    Optional<ArtifactSet> known = sets.get(digest);
    if (known.isPresent()) {
      return known.get();
    }
    List<String> chain = new ArrayList<>();
    Optional<ArtifactSet> start = Optional.empty();
    for (String current = digest; current != null; ) {
      Optional<ArtifactSet> cached = sets.get(current);
      if (cached.isPresent()) {
        start = cached;
        break;
      }
      chain.add(current);
      if (chain.size() > MAX_CHAIN) {
        throw new DriverException("ledger: the artifact set " + digest + " has more than " + MAX_CHAIN
            + " bases: the ledger is damaged", false);
      }
      try (PreparedStatement query = prepare(c, "SELECT base FROM artifact_sets WHERE digest = ?", current);
          ResultSet rows = query.executeQuery()) {
        if (!rows.next()) {
          throw new DriverException("ledger: the artifact set " + current + " is missing: the ledger is damaged",
              false);
        }
        current = rows.getString(1);
      }
    }
    Map<String, List<String[]>> entriesBySet = new HashMap<>();
    for (int from = 0; from < chain.size(); from += IN_CHUNK) {
      List<String> part = chain.subList(from, Math.min(chain.size(), from + IN_CHUNK));
      String sql = "SELECT set_digest, kind, name, digest FROM artifact_set_entries WHERE set_digest IN ("
          + String.join(", ", Collections.nCopies(part.size(), "?")) + ")";
      try (PreparedStatement query = prepare(c, sql, part.toArray()); ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          entriesBySet.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add(new String[] {rows.getString(2) + "/" + rows.getString(3), rows.getString(4)});
        }
      }
    }
    SortedMap<String, String> listing = new TreeMap<>(start.isPresent() ? start.get().listing() : Map.of());
    for (int i = chain.size() - 1; i >= 0; i--) { // from the oldest base up to the set asked for
      for (String[] entry : entriesBySet.getOrDefault(chain.get(i), List.of())) {
        if (entry[1] == null) {
          listing.remove(entry[0]);
        } else {
          listing.put(entry[0], entry[1]);
        }
      }
    }
    ArtifactSet set = ArtifactSet.of(listing);
    if (!set.digest().equals(digest)) {
      throw new DriverException("ledger: the artifact set " + digest + " does not hold what its digest says:"
          + " the ledger is damaged", false);
    }
    sets.remember(set);
    return set;
  }

  @Override
  public Map<String, String> artifacts(String sha) {
    return transaction("read the artifacts of revision " + sha, c -> {
      Optional<String> digest;
      try (PreparedStatement query = prepare(c, "SELECT set_digest FROM revision_artifact_sets WHERE revision = ?",
          sha); ResultSet rows = query.executeQuery()) {
        digest = rows.next() ? Optional.of(rows.getString(1)) : Optional.empty();
      }
      if (digest.isEmpty()) {
        return Collections.<String, String>emptySortedMap();
      }
      ArtifactSet set = set(c, digest.get());
      Map<String, String> contents = contents(c, new TreeSet<>(set.listing().values()));
      SortedMap<String, String> artifacts = new TreeMap<>();
      set.listing().forEach((key, contentDigest) -> artifacts.put(key, contents.get(contentDigest)));
      return Collections.unmodifiableSortedMap(artifacts);
    });
  }

  private static Map<String, String> contents(Connection c, Collection<String> digests) throws SQLException {
    Map<String, String> contents = new HashMap<>();
    List<String> all = List.copyOf(digests);
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      List<String> part = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
      String sql = "SELECT digest, content FROM artifact_content WHERE digest IN ("
          + String.join(", ", Collections.nCopies(part.size(), "?")) + ")";
      try (PreparedStatement query = prepare(c, sql, part.toArray()); ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          contents.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    if (contents.size() != all.size()) {
      throw new DriverException("ledger: " + (all.size() - contents.size()) + " artifact contents are missing:"
          + " the ledger is damaged", false);
    }
    return contents;
  }

  @Override
  public Map<String, ArtifactChange> changes(String sha) {
    return transaction("read what revision " + sha + " changed", c -> {
      SortedMap<String, ArtifactChange> changes = new TreeMap<>();
      try (PreparedStatement query = prepare(c, "SELECT kind, name, change_type FROM revision_changes"
          + " WHERE revision = ?", sha); ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          changes.put(rows.getString(1) + "/" + rows.getString(2),
              ArtifactChange.valueOf(rows.getString(3).toUpperCase(Locale.ROOT)));
        }
      }
      return Collections.unmodifiableSortedMap(changes);
    });
  }

  static String sha256(String content) {
    return ArtifactSet.sha256(content);
  }

  // ---------------------------------------------------------------- history

  @Override
  public List<RevisionRecord> history(HistoryQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + prefixed("r.", REVISION_COLUMNS)
        + " FROM revisions r WHERE 1 = 1");
    List<Object> parameters = new ArrayList<>();
    query.since().ifPresent(t -> {
      sql.append(" AND r.observed_at >= ?");
      parameters.add(t.toEpochMilli());
    });
    query.until().ifPresent(t -> {
      sql.append(" AND r.observed_at <= ?");
      parameters.add(t.toEpochMilli());
    });
    if (!query.statuses().isEmpty()) {
      List<String> names = query.statuses().stream().map(Enum::name).sorted().toList();
      sql.append(" AND r.status IN (").append(String.join(", ", Collections.nCopies(names.size(), "?"))).append(")");
      parameters.addAll(names);
    }
    query.shaPrefix().ifPresent(prefix -> {
      sql.append(" AND r.sha LIKE ?");
      parameters.add(prefix + "%"); // hexadecimal digits only: nothing to escape
    });
    query.deployment().ifPresent(name -> {
      sql.append(" AND (r.sha IN (SELECT c.revision FROM revision_changes c WHERE c.kind = ? AND c.name = ?)"
          + " OR r.sha IN (SELECT d.revision FROM action_deployments d WHERE d.deployment = ?))");
      parameters.addAll(List.of(ArtifactKey.DEPLOYMENT, name, name));
    });
    query.gateway().ifPresent(name -> {
      sql.append(" AND r.sha IN (SELECT c.revision FROM revision_changes c WHERE c.kind = ? AND c.name = ?)");
      parameters.addAll(List.of(ArtifactKey.GATEWAY, name));
    });
    sql.append(" ORDER BY r.observed_seq DESC ").append(dialect.limit());
    parameters.add(query.limit());
    return transaction("query the history", c -> queryRevisions(c, sql.toString(), parameters.toArray()));
  }

  private static String prefixed(String prefix, String columns) {
    return Arrays.stream(columns.split(",")).map(String::strip).map(column -> prefix + column)
        .collect(Collectors.joining(", "));
  }

  // ---------------------------------------------------------------- events

  @Override
  public void appendEvents(List<Event> events) {
    Map<String, Event> byId = new LinkedHashMap<>();
    for (Event event : events) {
      bounded("event id", event.id(), MAX_EVENT_ID);
      bounded("event type", event.type(), MAX_EVENT_TYPE);
      event.tags().forEach(tag -> bounded("event tag", tag, MAX_TAG));
      byId.putIfAbsent(event.id(), event); // the first of a batch wins, as the first of two batches does
    }
    if (byId.isEmpty()) {
      return;
    }
    int appended = transaction("append " + byId.size() + " events", c -> {
      Set<String> known = existing(c, "SELECT id FROM events WHERE id IN ", byId.keySet());
      List<Event> fresh = byId.values().stream().filter(e -> !known.contains(e.id())).toList();
      // if-absent, not plain inserts: a concurrent writer of the same id must not fail this batch
      try (PreparedStatement insert = c.prepareStatement(insertEventIfAbsent)) {
        for (Event event : fresh) {
          insert.setString(1, event.id());
          insert.setString(2, event.type());
          insert.setString(3, event.value());
          insert.setString(4, JsonStrings.encode(event.tags()));
          insert.setLong(5, event.timestamp().toEpochMilli());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (PreparedStatement insert = c.prepareStatement(insertTagIfAbsent)) {
        for (Event event : fresh) {
          for (String tag : event.tags()) {
            insert.setString(1, tag);
            insert.setString(2, event.id());
            insert.setLong(3, event.timestamp().toEpochMilli());
            insert.addBatch();
          }
        }
        insert.executeBatch();
      }
      return fresh.size();
    });
    LOG.debug("ledger appended events={} already_present={}", appended, byId.size() - appended);
  }

  @Override
  public List<Event> pendingEvents(int limit) {
    positive(limit);
    return transaction("list pending events", c -> queryEvents(c, "SELECT " + EVENT_COLUMNS
        + " FROM events e WHERE e.delivered_at IS NULL ORDER BY e.ts, e.seq " + dialect.limit(), limit));
  }

  @Override
  public void markDelivered(List<String> eventIds) {
    if (eventIds.isEmpty()) {
      return;
    }
    transaction("mark " + eventIds.size() + " events delivered", c -> {
      long now = clock.millis();
      try (PreparedStatement update = c.prepareStatement(
          "UPDATE events SET delivered_at = ? WHERE id = ? AND delivered_at IS NULL")) {
        for (String id : new TreeSet<>(eventIds)) {
          update.setLong(1, now);
          update.setString(2, id);
          update.addBatch();
        }
        update.executeBatch();
      }
      return null;
    });
  }

  @Override
  public int pruneEvents(Instant olderThan, boolean keepUndelivered) {
    String where = " WHERE ts < ?" + (keepUndelivered ? " AND delivered_at IS NOT NULL" : "");
    return transaction("prune events before " + olderThan, c -> {
      long cutoff = olderThan.toEpochMilli();
      // tags first (they reference the events); MySQL refuses a subquery on the table being deleted from
      try (PreparedStatement tags = prepare(c,
          "DELETE FROM event_tags WHERE event_id IN (SELECT id FROM events" + where + ")", cutoff)) {
        tags.executeUpdate();
      }
      try (PreparedStatement events = prepare(c, "DELETE FROM events" + where, cutoff)) {
        return events.executeUpdate();
      }
    });
  }

  @Override
  public List<Event> events(Optional<String> tag, int limit) {
    positive(limit);
    return transaction("list events", c -> tag.isPresent()
        ? queryEvents(c, "SELECT " + EVENT_COLUMNS + " FROM events e JOIN event_tags t ON t.event_id = e.id"
            + " WHERE t.tag = ? ORDER BY e.ts DESC, e.seq DESC " + dialect.limit(), tag.get(), limit)
        : queryEvents(c, "SELECT " + EVENT_COLUMNS + " FROM events e ORDER BY e.ts DESC, e.seq DESC "
            + dialect.limit(), limit));
  }

  private static List<Event> queryEvents(Connection c, String sql, Object... parameters) throws SQLException {
    try (PreparedStatement query = prepare(c, sql, parameters); ResultSet rows = query.executeQuery()) {
      List<Event> events = new ArrayList<>();
      while (rows.next()) {
        events.add(new Event(rows.getString(1), new TreeSet<>(JsonStrings.decode(rows.getString(2))),
            rows.getString(3), rows.getString(4), Instant.ofEpochMilli(rows.getLong(5))));
      }
      return events;
    }
  }

  // ---------------------------------------------------------------- version 1's data

  /**
   * Moves what version 1 of the schema kept into version 2's tables, once: each revision's
   * {@code revision_artifacts} rows into an artifact set (with its changes), in the order the revisions
   * were observed, one revision per transaction; and every action's deployments into
   * {@code action_deployments}. Idempotent, so a ledger that stopped half way finishes when it opens again.
   */
  private void convertVersion1Data() {
    boolean converted = transaction("check for version 1 data", c -> {
      try (PreparedStatement query = prepare(c, "SELECT counter_value FROM ledger_counter WHERE name = ?", CONVERTED);
          ResultSet rows = query.executeQuery()) {
        return !rows.next() || rows.getLong(1) != 0;
      }
    });
    if (converted) {
      return;
    }
    List<String> revisions = transaction("list version 1 artifacts", c -> {
      List<String> shas = new ArrayList<>();
      try (PreparedStatement query = c.prepareStatement("SELECT r.sha FROM revisions r WHERE EXISTS"
          + " (SELECT 1 FROM revision_artifacts ra WHERE ra.revision = r.sha) ORDER BY r.observed_seq");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          shas.add(rows.getString(1));
        }
      }
      return shas;
    });
    for (String sha : revisions) {
      transaction("move the version 1 artifacts of revision " + sha, c -> {
        SortedMap<String, String> listing = new TreeMap<>();
        try (PreparedStatement query = prepare(c,
            "SELECT kind, name, digest FROM revision_artifacts WHERE revision = ?", sha);
            ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            listing.put(rows.getString(1) + "/" + rows.getString(2), rows.getString(3));
          }
        }
        if (!listing.isEmpty()) { // else another process moved them first
          storeArtifacts(c, sha, ArtifactSet.of(listing), Map.of());
        }
        return null;
      });
    }
    int actions = transaction("index version 1 actions", c -> {
      record Target(String revision, int sequence, String target) {}
      List<Target> targets = new ArrayList<>();
      try (PreparedStatement query = c.prepareStatement("SELECT a.revision, a.seq, a.target FROM actions a"
          + " WHERE NOT EXISTS (SELECT 1 FROM action_deployments d WHERE d.revision = a.revision AND d.seq = a.seq)");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          targets.add(new Target(rows.getString(1), rows.getInt(2), rows.getString(3)));
        }
      }
      for (Target t : targets) {
        indexActionDeployments(c, t.revision(), t.sequence(), t.target());
      }
      try (PreparedStatement done = prepare(c, "UPDATE ledger_counter SET counter_value = 1 WHERE name = ?",
          CONVERTED)) {
        done.executeUpdate();
      }
      return targets.size();
    });
    if (!revisions.isEmpty() || actions > 0) {
      LOG.info("ledger moved version 1 data url={} revisions={} actions={}", where, revisions.size(), actions);
    }
  }

  // ---------------------------------------------------------------- lifecycle and plumbing

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    dataSource.close();
    LOG.info("ledger closed url={}", where);
  }

  @Override
  public String toString() {
    return "SqlLedger[" + where + "]";
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. Every
   * method of the ledger is idempotent, so a transaction that lost a race (a key another writer
   * inserted first, a deadlock) is run again, and sees the winner's rows the second time.
   */
  private <T> T transaction(String what, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      if (closed) {
        throw new IllegalStateException("the ledger at " + where + " is closed");
      }
      boolean broken = false;
      try (Connection connection = dataSource.getConnection()) {
        try {
          T result = work.run(connection);
          connection.commit();
          persist(connection);
          return result;
        } catch (SQLException e) {
          rollback(connection, e);
          broken = evictIfBroken(connection);
          throw e;
        } catch (RuntimeException e) {
          rollback(connection, e);
          throw e;
        }
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && (broken || Failures.lostARace(e))) {
          LOG.debug("ledger retrying what=\"{}\" attempt={} sqlstate={} broken_connection={}", what, attempt,
              e.getSQLState(), broken);
          continue;
        }
        throw Failures.of("could not " + what, e);
      }
    }
  }

  /**
   * Takes a connection that no longer works out of the pool at once, so that the transaction can be run
   * again on a new one: the server restarted, or (H2 in {@code AUTO_SERVER} mode) the process that served
   * the file exited and this one opens it itself now. The pool would only notice on its own later.
   */
  private boolean evictIfBroken(Connection connection) {
    boolean valid;
    try {
      valid = connection.isValid(2);
    } catch (SQLException e) {
      valid = false;
    }
    if (!valid) {
      dataSource.evictConnection(connection);
    }
    return !valid;
  }

  /**
   * After a commit, what the vendor needs to have it on disk before the caller hears of it (H2 writes
   * committed changes in the background, up to half a second later: a killed process lost them).
   */
  private void persist(Connection connection) throws SQLException {
    if (persistStatement.isPresent()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(persistStatement.get());
      }
    }
  }

  private static void rollback(Connection connection, Exception cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static PreparedStatement prepare(Connection c, String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = c.prepareStatement(sql);
    try {
      for (int i = 0; i < parameters.length; i++) {
        Object p = parameters[i];
        if (p instanceof Integer n) {
          statement.setInt(i + 1, n);
        } else if (p instanceof Long n) {
          statement.setLong(i + 1, n);
        } else {
          statement.setString(i + 1, (String) p);
        }
      }
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  private static boolean exists(Connection c, String sql, String parameter) throws SQLException {
    try (PreparedStatement query = prepare(c, sql, parameter); ResultSet rows = query.executeQuery()) {
      return rows.next();
    }
  }

  /** Which of {@code keys} the single-column query {@code sqlUpToIn} ("... WHERE k IN ") finds. */
  private static Set<String> existing(Connection c, String sqlUpToIn, Collection<String> keys) throws SQLException {
    Set<String> found = new HashSet<>();
    List<String> all = List.copyOf(keys);
    for (int from = 0; from < all.size(); from += IN_CHUNK) {
      List<String> chunk = all.subList(from, Math.min(all.size(), from + IN_CHUNK));
      String sql = sqlUpToIn + "(" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")";
      try (PreparedStatement query = prepare(c, sql, chunk.toArray()); ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    return found;
  }

  private static <T> Optional<T> first(List<T> rows) {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private static void setNullableString(PreparedStatement statement, int index, Optional<String> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setString(index, value.get());
    } else {
      statement.setNull(index, Types.VARCHAR);
    }
  }

  private static void setNullableLong(PreparedStatement statement, int index, Optional<Long> value)
      throws SQLException {
    if (value.isPresent()) {
      statement.setLong(index, value.get());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  private static String bounded(String what, String value, int max) {
    Objects.requireNonNull(value, what);
    if (value.length() > max) {
      throw new DriverException("ledger: a " + what + " may be at most " + max + " characters; this one has "
          + value.length() + ": " + value.substring(0, Math.min(40, value.length())) + "...", false);
    }
    return value;
  }

  private static void positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a limit must be at least 1, not " + limit);
    }
  }
}
