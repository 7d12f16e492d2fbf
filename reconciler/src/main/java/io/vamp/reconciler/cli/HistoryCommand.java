package io.vamp.reconciler.cli;

import ch.qos.logback.classic.Level;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.ledger.HistoryQuery;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.model.json.StateJson;
import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.config.ConfigException;
import io.vamp.reconciler.config.Settings;
import io.vamp.reconciler.daemon.HistoryRoutes;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vamp history}: the revisions the daemon saw, newest first, filtered by deployment, gateway, time
 * and status; read from the ledger the daemon's configuration names (beside a running daemon, too).
 */
@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Lists the revisions the daemon saw, newest first: when, which commit, who, what came of it.",
        "Reads the ledger the daemon's configuration names (-c FILE and VAMP_* variables), also while it runs.",
        "--deployment D: the revisions that changed deployment D's artifact or acted on its workloads.",
        "Times: 2026-03-01T14:02:00Z, '2026-03-01 14:02' or 14:02 (local time), 2026-03-01, or an age: 30m, 2h, 7d.",
        "What ran at 14:02: vamp history --until 14:02 --status applied --limit 1"})
final class HistoryCommand implements Callable<Integer> {

  enum Format { TEXT, JSON }

  @Mixin
  LedgerOptions ledgerOptions;

  @Option(names = "--deployment", paramLabel = "D", description = "Only revisions that touched this deployment")
  String deployment;

  @Option(names = "--gateway", paramLabel = "G", description = "Only revisions that changed this gateway's artifact")
  String gateway;

  @Option(names = "--since", paramLabel = "T", description = "Only revisions observed at or after T")
  String since;

  @Option(names = "--until", paramLabel = "T", description = "Only revisions observed at or before T")
  String until;

  @Option(names = "--status", paramLabel = "S[,S]",
      description = "Only revisions in these states: applied, failed, rejected, superseded, in_progress")
  String status;

  @Option(names = "--limit", paramLabel = "N", description = "At most N revisions (default: ${DEFAULT-VALUE})")
  int limit = HistoryRoutes.DEFAULT_LIMIT;

  @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE})")
  Format format = Format.TEXT;

  @Option(names = "--utc", description = "Read and show times in UTC rather than in the local time zone")
  boolean utc;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ZoneId zone = zone(utc);
    HistoryQuery query;
    try {
      query = HistoryRoutes.query(deployment, gateway, since, until, status, Integer.toString(limit),
          Clock.systemUTC(), zone);
    } catch (IllegalArgumentException e) {
      err.println("vamp history: " + e.getMessage());
      err.flush();
      return 1;
    }
    List<RevisionRecord> revisions;
    try (Ledger ledger = ledgerOptions.open()) {
      revisions = ledger.history(query);
    } catch (ConfigException | DriverException | UnsupportedOperationException e) {
      err.println("vamp history: " + e.getMessage());
      err.flush();
      return 1;
    }
    if (format == Format.JSON) {
      out.print(StateJson.text(HistoryRoutes.historyJson(revisions)));
    } else {
      out.print(table(revisions, zone));
    }
    out.flush();
    return 0;
  }

  /** One line a revision: when, sha, status, author, first line of the message; why, when it did not apply. */
  static String table(List<RevisionRecord> revisions, ZoneId zone) {
    if (revisions.isEmpty()) {
      return "no revisions\n";
    }
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "%-19s  %-12s  %-11s  %-20s  %s%n", "OBSERVED (" + zoneName(zone) + ")",
        "REVISION", "STATUS", "AUTHOR", "MESSAGE"));
    for (RevisionRecord r : revisions) {
      text.append(String.format(Locale.ROOT, "%-19s  %-12s  %-11s  %-20s  %s%n", time(r.observedAt(), zone),
          abbreviated(r.sha()), HistoryRoutes.statusName(r.status()), cut(name(r.author()), 20),
          cut(firstLine(r.message()), 60)));
      if (!r.detail().isBlank()) {
        text.append("    ").append(cut(firstLine(r.detail()), 110)).append('\n');
      }
    }
    return text.toString();
  }

  static ZoneId zone(boolean utc) {
    return utc ? ZoneOffset.UTC : ZoneId.systemDefault();
  }

  static String time(Instant instant, ZoneId zone) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).format(instant.atZone(zone));
  }

  static String zoneName(ZoneId zone) {
    return zone.normalized().getId().equals("Z") ? "UTC" : zone.getId();
  }

  static String abbreviated(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }

  /** {@code Ada Lovelace} of {@code Ada Lovelace <ada@example.com>}. */
  static String name(String person) {
    int email = person.indexOf(" <");
    return email > 0 ? person.substring(0, email) : person;
  }

  static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).strip();
  }

  static String cut(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "…";
  }

  /**
   * Where the ledger is: the daemon's configuration ({@code -c FILE}, then {@code VAMP_*} environment
   * variables) and its data directory; opened as the daemon opens it, through the driver it names.
   */
  static final class LedgerOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The daemon's configuration file (YAML)")
    Path configFile;

    @Option(names = "--data-dir", paramLabel = "DIR",
        description = "The daemon's data directory, where the embedded ledger is (default: data_dir, .vamp)")
    Path dataDir;

    Map<String, String> environment = System.getenv();

    Ledger open() {
      quietDriverLogs();
      Map<String, String> overrides = new LinkedHashMap<>();
      if (dataDir != null) {
        overrides.put(Settings.DATA_DIR.key(), dataDir.toString());
      }
      Config config = Config.load(Optional.ofNullable(configFile), environment).with(overrides);
      return open(config, environment);
    }

    /** The ledger as the daemon opens it: same driver, URI and credentials. */
    static Ledger open(Config config, Map<String, String> environment) {
      return io.vamp.reconciler.daemon.DriverWiring.openLedger(config, environment);
    }

    /** The drivers' lines about opening and closing the ledger are for the daemon's log, not the terminal. */
    private void quietDriverLogs() {
      if (environment.get("VAMP_LOG_LEVEL") != null) {
        return;
      }
      for (String name : List.of("io.vamp.driver", "com.zaxxer.hikari", "org.flywaydb")) {
        if (LoggerFactory.getLogger(name) instanceof ch.qos.logback.classic.Logger logger) {
          logger.setLevel(Level.WARN);
        }
      }
    }
  }
}
