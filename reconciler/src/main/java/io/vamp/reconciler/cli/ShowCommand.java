package io.vamp.reconciler.cli;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.ArtifactChange;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.model.json.StateJson;
import io.vamp.reconciler.config.ConfigException;
import io.vamp.reconciler.daemon.HistoryRoutes;
import io.vamp.reconciler.daemon.HistoryRoutes.ArtifactsShown;
import io.vamp.reconciler.daemon.HistoryRoutes.Found;
import io.vamp.reconciler.daemon.HistoryRoutes.Shown;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vamp show REV}: one revision as the ledger keeps it: the commit, what came of it, what it
 * changed, every action with its outcome and timing, and its artifacts as they were.
 */
@Command(name = "show", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Shows one revision from the ledger: the commit and its outcome, the artifacts it changed",
        "(compared with the revision recorded before it), every action of its plan with outcome and timing,",
        "and its artifacts as they were. Exit 1 when there is no such revision.",
        "REV: a sha, an abbreviated sha (4 digits or more), latest (last attempted) or applied (last applied)."})
final class ShowCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "REV", description = "The revision: a sha or its start, latest, applied")
  String reference;

  @Mixin
  HistoryCommand.LedgerOptions ledgerOptions;

  @Option(names = "--artifacts", paramLabel = "WHICH",
      description = "Artifacts to print with their content: changed, all or none (default: ${DEFAULT-VALUE})")
  String artifacts = "changed";

  @Option(names = "--format", paramLabel = "FORMAT", description = "text or json (default: ${DEFAULT-VALUE})")
  HistoryCommand.Format format = HistoryCommand.Format.TEXT;

  @Option(names = "--utc", description = "Show times in UTC rather than in the local time zone")
  boolean utc;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ArtifactsShown shown;
    try {
      shown = ArtifactsShown.parse(artifacts);
    } catch (IllegalArgumentException e) {
      err.println("vamp show: " + e.getMessage());
      err.flush();
      return 1;
    }
    try (Ledger ledger = ledgerOptions.open()) {
      Found found = HistoryRoutes.find(ledger, reference);
      if (found instanceof Found.One one) {
        RevisionRecord revision = one.revision();
        if (format == HistoryCommand.Format.JSON) {
          out.print(StateJson.text(HistoryRoutes.showJson(ledger, revision, shown)));
        } else {
          out.print(text(revision, Shown.of(ledger, revision, shown), shown, HistoryCommand.zone(utc)));
        }
        out.flush();
        return 0;
      }
      err.println("vamp show: " + (found instanceof Found.Several several ? several.message()
          : ((Found.None) found).message()));
      err.flush();
      return 1;
    } catch (ConfigException | DriverException | UnsupportedOperationException e) {
      err.println("vamp show: " + e.getMessage());
      err.flush();
      return 1;
    }
  }

  static String text(RevisionRecord r, Shown parts, ArtifactsShown shown, ZoneId zone) {
    StringBuilder t = new StringBuilder();
    String zoneName = " (" + HistoryCommand.zoneName(zone) + ")";
    line(t, "revision", r.sha());
    r.parent().ifPresent(p -> line(t, "parent", p));
    line(t, "author", r.author());
    if (!r.committer().equals(r.author())) {
      line(t, "committer", r.committer());
    }
    line(t, "committed", HistoryCommand.time(r.commitTime(), zone) + zoneName);
    line(t, "observed", HistoryCommand.time(r.observedAt(), zone) + zoneName);
    r.finishedAt().ifPresent(f -> line(t, "finished", HistoryCommand.time(f, zone) + zoneName + ", "
        + duration(Duration.between(r.observedAt(), f)) + " after it was observed"));
    line(t, "status", HistoryRoutes.statusName(r.status()));
    if (!r.detail().isBlank()) {
      t.append("detail\n");
      indent(t, r.detail());
    }
    t.append("\nmessage\n");
    indent(t, r.message().isBlank() ? "(none)" : r.message());

    t.append("\nchanges, compared with the revision recorded before it\n");
    if (parts.changes().isEmpty()) {
      t.append(parts.artifactCount() == 0 ? "    (its artifacts were not recorded)\n" : "    (none)\n");
    }
    for (Map.Entry<String, ArtifactChange> change : parts.changes().entrySet()) {
      t.append(String.format(Locale.ROOT, "    %-8s %s%n", change.getValue().name().toLowerCase(Locale.ROOT),
          change.getKey()));
    }

    t.append("\nactions\n");
    if (parts.actions().isEmpty()) {
      t.append("    (none)\n");
    } else {
      t.append(String.format(Locale.ROOT, "    %3s  %-16s  %-9s  %-8s  %-8s  %s%n", "#", "TYPE", "OUTCOME", "STARTED",
          "TOOK", "TARGET"));
      for (ActionRecord a : parts.actions()) {
        t.append(String.format(Locale.ROOT, "    %3d  %-16s  %-9s  %-8s  %-8s  %s%n", a.sequence(), a.type(),
            a.outcome(), HistoryCommand.time(a.startedAt(), zone).substring(11),
            duration(Duration.between(a.startedAt(), a.finishedAt())), a.target()));
        if (!a.detail().isBlank()) {
          t.append("          ").append(HistoryCommand.firstLine(a.detail())).append('\n');
        }
      }
    }

    t.append("\nartifacts: ").append(parts.artifactCount());
    switch (shown) {
      case ALL -> t.append(", all shown\n");
      case CHANGED -> t.append(", those it added or changed shown (--artifacts all for every one)\n");
      case NONE -> t.append('\n');
    }
    for (Map.Entry<String, String> artifact : parts.artifacts().entrySet()) {
      t.append("\n--- ").append(artifact.getKey()).append('\n');
      t.append(artifact.getValue());
      if (!artifact.getValue().endsWith("\n")) {
        t.append('\n');
      }
    }
    return t.toString();
  }

  private static void line(StringBuilder t, String label, String value) {
    t.append(String.format(Locale.ROOT, "%-10s %s%n", label, value));
  }

  private static void indent(StringBuilder t, String text) {
    for (String line : text.split("\n", -1)) {
      t.append("    ").append(line).append('\n');
    }
  }

  /** 250 ms, 4.1 s, 2 min 5 s, 3 h 12 min, 2 d 4 h. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    if (d.toHours() < 1) {
      return d.toMinutes() + " min " + d.toSecondsPart() + " s";
    }
    if (d.toDays() < 1) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    return d.toDays() + " d " + d.toHoursPart() + " h";
  }
}
