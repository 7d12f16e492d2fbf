package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.HistoryQuery;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import io.vamp.testing.PostgresServer;
import io.vamp.testing.Servers;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Prints how big and how fast the ledger is for a long history: {@code N} revisions (default 10,000) of a
 * repository of {@code A} artifacts (default 1,000: breeds, blueprints, deployments and gateways of a few
 * hundred bytes each) where each revision changes 1 to 5 artifacts (now and then adding or removing one),
 * records its artifacts, 2 to 6 actions and its outcome, as the daemon does. Nothing is asserted.
 *
 * <p>Prints the median and tail of the time to record one revision (all its calls) and of
 * {@code recordArtifacts} alone, the bytes on disk (H2: the file; PostgreSQL: the database), the rows of
 * every table, and how long reading a revision's artifacts and a filtered history take.
 *
 * <pre>
 * ./mvnw -B -q -pl drivers/sql -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/test.classpath -Dmdep.includeScope=test
 * java -cp drivers/sql/target/test-classes:drivers/sql/target/classes:$(cat drivers/sql/target/test.classpath) \
 *     io.vamp.driver.sql.LedgerBenchmark h2 10000 1000
 * </pre>
 *
 * The arguments: {@code h2} (a file in a fresh temporary directory) or {@code postgres} (a fresh
 * database on a PostgreSQL started by the test harness); the number of revisions; the number of
 * artifacts; how many seconds to leave the ledger open and idle before closing it (0), as a daemon
 * is between commits (H2 compacts its file in the background meanwhile); and how many revisions a second
 * to record (0: as fast as it can; a daemon records one every few seconds at the very most).
 */
public final class LedgerBenchmark {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final List<String> KINDS = List.of("breed", "blueprint", "deployment", "gateway");

  private LedgerBenchmark() {}

  public static void main(String[] args) throws Exception {
    String target = args.length > 0 ? args[0] : "h2";
    int revisions = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int artifacts = args.length > 2 ? Integer.parseInt(args[2]) : 1_000;
    int idleSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 0;
    double perSecond = args.length > 4 ? Double.parseDouble(args[4]) : 0; // 0: as fast as it can
    Path dir = Files.createTempDirectory("vamp-ledger-bench-");
    String url;
    String user = "";
    String password = "";
    Ledger ledger;
    switch (target) {
      case "h2" -> {
        ledger = Drivers.find(LedgerFactory.class, H2LedgerFactory.NAME)
            .create(new DriverConfig("bench", dir, Optional.empty(), Map.of()));
        url = H2LedgerFactory.fileUrl(dir);
      }
      case "postgres" -> {
        PostgresServer postgres = Servers.postgres();
        url = postgres.createDatabase("ledger_bench");
        user = postgres.user();
        password = postgres.password();
        ledger = Drivers.find(LedgerFactory.class, SqlLedgerFactory.NAME).create(new DriverConfig("bench", dir,
            Optional.of(URI.create(url)), Map.of("user", user, "password", password)));
      }
      default -> throw new IllegalArgumentException("h2 or postgres, not " + target);
    }
    System.out.printf(Locale.ROOT, "ledger benchmark: %s, %,d revisions of %,d artifacts, 1-5 changed each%n",
        target, revisions, artifacts);

    Random random = new Random(42);
    Repository repository = new Repository(artifacts, random);
    long[] perRevision = new long[revisions];
    long[] perArtifacts = new long[revisions];
    long began = System.nanoTime();
    String parent = null;
    for (int n = 0; n < revisions; n++) {
      List<String> changed = n == 0 ? List.of() : repository.change(1 + random.nextInt(5));
      String sha = String.format(Locale.ROOT, "%040x", 0xbe0000L + n);
      Map<String, String> tree = repository.snapshot();
      Instant observed = START.plusSeconds(60L * n);
      long t0 = System.nanoTime();
      ledger.recordRevision(new RevisionRecord(sha, Optional.ofNullable(parent), "Dev " + (n % 17) + " <dev@x>",
          "CI <ci@x>", "change " + String.join(", ", changed), observed.minusSeconds(30), observed,
          RevisionStatus.IN_PROGRESS, "", Optional.empty()));
      ledger.updateRevision(sha, RevisionStatus.IN_PROGRESS, "");
      long t1 = System.nanoTime();
      ledger.recordArtifacts(sha, tree);
      long t2 = System.nanoTime();
      int actions = 2 + random.nextInt(5);
      for (int a = 0; a < actions; a++) {
        String deployment = "deploy-" + String.format(Locale.ROOT, "%04d", random.nextInt(artifacts / 4));
        ledger.recordAction(new ActionRecord(sha, a, a == actions - 1 ? "publish-gateways" : "deploy",
            a == actions - 1 ? "/vamp/bench/gateways" : deployment + "/web/web:1." + n,
            "applied", "", observed.plusMillis(100L * a), observed.plusMillis(100L * a + 80)));
      }
      ledger.updateRevision(sha, n % 50 == 49 ? RevisionStatus.FAILED : RevisionStatus.APPLIED, "");
      long t3 = System.nanoTime();
      perRevision[n] = t3 - t0;
      perArtifacts[n] = t2 - t1;
      parent = sha;
      if (perSecond > 0) { // paced like a busy daemon rather than a burst
        long due = began + (long) ((n + 1) * 1e9 / perSecond);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      if ((n + 1) % 1000 == 0) {
        System.out.printf(Locale.ROOT, "  %,6d revisions  %6.1f s  median so far %.2f ms/revision%n", n + 1,
            (System.nanoTime() - began) / 1e9, median(Arrays.copyOf(perRevision, n + 1)) / 1e6);
      }
    }
    double total = (System.nanoTime() - began) / 1e9;

    // reads: a revision's artifacts, and history filtered by deployment
    long[] reads = new long[50];
    for (int i = 0; i < reads.length; i++) {
      String sha = String.format(Locale.ROOT, "%040x", 0xbe0000L + random.nextInt(revisions));
      long t0 = System.nanoTime();
      int size = ledger.artifacts(sha).size();
      reads[i] = System.nanoTime() - t0;
      if (size == 0) {
        throw new IllegalStateException("no artifacts for " + sha);
      }
    }
    long[] histories = new long[50];
    int found = 0;
    try {
      for (int i = 0; i < histories.length; i++) {
        String deployment = "deploy-" + String.format(Locale.ROOT, "%04d", random.nextInt(artifacts / 4));
        long t0 = System.nanoTime();
        found += ledger.history(HistoryQuery.latest(20).withDeployment(deployment)).size();
        histories[i] = System.nanoTime() - t0;
      }
    } catch (UnsupportedOperationException e) {
      System.out.println("history: " + e.getMessage());
    }
    if (idleSeconds > 0) { // a daemon between commits: H2 compacts the file in the background meanwhile
      Thread.sleep(idleSeconds * 1000L);
    }
    ledger.close();

    System.out.printf(Locale.ROOT, "write: %.1f s in all; per revision median %.2f ms, p90 %.2f ms, p99 %.2f ms;"
        + " recordArtifacts alone median %.2f ms%n", total, median(perRevision) / 1e6,
        percentile(perRevision, 90) / 1e6, percentile(perRevision, 99) / 1e6, median(perArtifacts) / 1e6);
    System.out.printf(Locale.ROOT, "read: artifacts(sha) median %.2f ms; history(deployment, limit 20) median"
        + " %.2f ms (%.1f revisions found on average)%n", median(reads) / 1e6, median(histories) / 1e6,
        found / (double) histories.length);
    if (target.equals("h2")) {
      Path file = dir.resolve(H2LedgerFactory.FILE_NAME + ".mv.db");
      long bytes = Files.size(file);
      System.out.printf(Locale.ROOT, "size on disk: %,d bytes (%.1f MB) as the ledger left it%n", bytes, bytes / 1e6);
      try (Connection c = DriverManager.getConnection(url, "", ""); Statement s = c.createStatement()) {
        s.execute("SHUTDOWN COMPACT");
      }
      long compacted = Files.size(file);
      System.out.printf(Locale.ROOT, "size on disk: %,d bytes (%.1f MB) after SHUTDOWN COMPACT (the live data)%n",
          compacted, compacted / 1e6);
    }
    try (Connection c = DriverManager.getConnection(url, user, password)) {
      if (target.equals("postgres")) {
        System.out.printf(Locale.ROOT, "size on disk: %,d bytes (%.1f MB), pg_database_size%n",
            single(c, "SELECT pg_database_size(current_database())"),
            single(c, "SELECT pg_database_size(current_database())") / 1e6);
      }
      for (String table : tables(c)) {
        String sizeColumn = target.equals("postgres")
            ? String.format(Locale.ROOT, "  %,14d bytes with indexes",
                single(c, "SELECT pg_total_relation_size('" + table + "')"))
            : "";
        System.out.printf(Locale.ROOT, "  %-24s %,12d rows%s%n", table, single(c, "SELECT COUNT(*) FROM " + table),
            sizeColumn);
      }
    }
    deleteQuietly(dir);
  }

  /** A repository of artifacts that changes a few at a time. */
  private static final class Repository {
    private final TreeMap<String, String> artifacts = new TreeMap<>();
    private final Random random;
    private int added;

    Repository(int size, Random random) {
      this.random = random;
      for (int i = 0; i < size; i++) {
        String kind = KINDS.get(i % KINDS.size());
        String key = kind + "/" + name(kind, i / KINDS.size());
        artifacts.put(key, content(key, 0));
      }
    }

    List<String> change(int count) {
      List<String> changed = new ArrayList<>();
      List<String> keys = new ArrayList<>(artifacts.keySet());
      for (int i = 0; i < count; i++) {
        int dice = random.nextInt(100);
        if (dice < 3) { // a new artifact
          String kind = KINDS.get(random.nextInt(KINDS.size()));
          String key = kind + "/" + name(kind, 100_000 + added++);
          artifacts.put(key, content(key, 0));
          changed.add(key);
        } else if (dice < 6 && artifacts.size() > 10) { // one removed
          String key = keys.get(random.nextInt(keys.size()));
          if (artifacts.remove(key) != null) {
            changed.add(key);
          }
        } else {
          String key = keys.get(random.nextInt(keys.size()));
          if (artifacts.containsKey(key)) {
            artifacts.put(key, content(key, random.nextInt(1_000_000)));
            changed.add(key);
          }
        }
      }
      return changed;
    }

    Map<String, String> snapshot() {
      return new TreeMap<>(artifacts);
    }

    private static String name(String kind, int i) {
      return switch (kind) {
        case "deployment" -> String.format(Locale.ROOT, "deploy-%04d", i);
        case "gateway" -> String.format(Locale.ROOT, "gw-%04d", i);
        default -> String.format(Locale.ROOT, "svc-%04d:1.0.0", i);
      };
    }

    /** A few hundred bytes of YAML, as an artifact file of that kind would hold. */
    private static String content(String key, int version) {
      String kind = key.substring(0, key.indexOf('/'));
      String name = key.substring(key.indexOf('/') + 1);
      return switch (kind) {
        case "breed" -> "kind: breed\nname: " + name + "\ndeployable: registry.example.com/team/" + name + "\n"
            + "ports:\n  web: 8080/http\n  metrics: 9100/http\nenvironment_variables:\n  JAVA_OPTS: -Xmx256m\n"
            + "  FEATURE_FLAGS: a,b,c\n  BUILD: \"" + version + "\"\nhealth_checks:\n  path: /health\n"
            + "  port: web\n  initial_delay: 10s\n  timeout: 5s\n  interval: 10s\n  failures: 3\n";
        case "blueprint" -> "kind: blueprint\nname: " + name + "\nclusters:\n  web:\n    services:\n"
            + "      - breed: " + name + "\n        scale:\n          cpu: 0.5\n          memory: 512MB\n"
            + "          instances: " + (1 + version % 4) + "\n    gateways:\n      web: 8080/http\n";
        case "deployment" -> "kind: deployment\nname: " + name + "\nblueprints: [ " + name + ":1.0.0, " + name
            + ":1.1.0 ]\nclusters:\n  web:\n    gateways:\n      routes:\n        " + name + ":1.0.0: { weight: "
            + (version % 100) + "% }\n        " + name + ":1.1.0: { weight: " + (100 - version % 100) + "% }\n";
        default -> "kind: gateway\nname: " + name + "\nport: " + (9000 + version % 1000) + "/http\nsticky: route\n"
            + "routes:\n  " + name + "/web/web: { weight: 100% }\n";
      };
    }
  }

  private static List<String> tables(Connection c) throws SQLException {
    TreeSet<String> tables = new TreeSet<>();
    DatabaseMetaData meta = c.getMetaData();
    try (ResultSet rows = meta.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
        if (!name.equals(SqlLedger.SCHEMA_HISTORY_TABLE)) {
          tables.add(name);
        }
      }
    }
    return List.copyOf(tables);
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static double median(long[] values) {
    return percentile(values, 50);
  }

  private static double percentile(long[] values, int p) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  private static void deleteQuietly(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
