package io.vamp.reconciler.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.ArtifactChange;
import io.vamp.driver.spi.ledger.HistoryQuery;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import io.vamp.model.json.StateJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The revision history over the daemon's HTTP API, and what {@code vamp history} and {@code vamp show}
 * share with it: reading a query, finding a revision by an abbreviated sha, and the JSON both print.
 *
 * <ul>
 *   <li>{@code GET /api/v1/history?deployment=D&gateway=G&since=T&until=T&status=S[,S]&limit=N}: the
 *       revisions the query selects, newest first (see {@link HistoryQuery}), each as in
 *       {@code /api/v1/revisions}; 400 with a message for a parameter that does not parse.
 *   <li>{@code GET /api/v1/history/{rev}?artifacts=changed|all|none}: one revision with what it changed,
 *       its actions with outcomes and timings, and its artifacts as they were (those it changed by
 *       default); {@code rev} is a sha, an abbreviated sha (4 digits or more), {@code latest} (the last
 *       attempted) or {@code applied} (the last applied). 404 when there is none, 409 when an abbreviated
 *       sha names several.
 * </ul>
 *
 * Times in a query are ISO-8601 ({@code 2026-03-01T14:02:00Z}, {@code 2026-03-01T15:02+01:00}), a local
 * date and time or a date or a time of today (in UTC over HTTP, in the user's zone on the command line),
 * or an age: {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d} ago.
 */
public final class HistoryRoutes {
  /** Revisions a history answer holds unless asked for another number. */
  public static final int DEFAULT_LIMIT = 20;
  /** The most a history answer holds. */
  public static final int MAX_LIMIT = 1000;

  private static final Pattern AGE = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{4,64}");

  private HistoryRoutes() {}

  /** Adds the two routes to the daemon's API (call it once, beside the other routes). */
  public static void register(Javalin app, Ledger ledger) {
    app.get("/api/v1/history", ctx -> history(ctx, ledger));
    app.get("/api/v1/history/{rev}", ctx -> show(ctx, ledger));
  }

  private static void history(Context ctx, Ledger ledger) {
    HistoryQuery query;
    try {
      query = query(ctx.queryParam("deployment"), ctx.queryParam("gateway"), ctx.queryParam("since"),
          ctx.queryParam("until"), ctx.queryParam("status"), ctx.queryParam("limit"), Clock.systemUTC(),
          ZoneOffset.UTC);
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST).result(e.getMessage() + "\n");
      return;
    }
    json(ctx, historyJson(ledger.history(query)));
  }

  private static void show(Context ctx, Ledger ledger) {
    ArtifactsShown shown;
    try {
      shown = ArtifactsShown.parse(Optional.ofNullable(ctx.queryParam("artifacts")).orElse("changed"));
    } catch (IllegalArgumentException e) {
      ctx.status(HttpStatus.BAD_REQUEST).result(e.getMessage() + "\n");
      return;
    }
    Found found = find(ledger, ctx.pathParam("rev"));
    if (found instanceof Found.One one) {
      json(ctx, showJson(ledger, one.revision(), shown));
    } else if (found instanceof Found.Several several) {
      ctx.status(HttpStatus.CONFLICT).result(several.message() + "\n");
    } else {
      ctx.status(HttpStatus.NOT_FOUND).result(((Found.None) found).message() + "\n");
    }
  }

  // ---------------------------------------------------------------- shared with the CLI

  /** Which artifacts {@code show} includes with their content. */
  public enum ArtifactsShown {
    /** The artifacts the revision added or changed (a removed one has no content in it). */
    CHANGED,
    ALL,
    NONE;

    public static ArtifactsShown parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("artifacts: changed, all or none, not '" + text + "'");
      }
    }
  }

  /** A history query from text parameters (any may be null); {@code zone} places times without one. */
  public static HistoryQuery query(String deployment, String gateway, String since, String until, String status,
      String limit, Clock clock, ZoneId zone) {
    HistoryQuery query = HistoryQuery.latest(limit(limit));
    if (deployment != null && !deployment.isBlank()) {
      query = query.withDeployment(deployment.strip());
    }
    if (gateway != null && !gateway.isBlank()) {
      query = query.withGateway(gateway.strip());
    }
    if (since != null && !since.isBlank()) {
      query = query.withSince(time("since", since, clock, zone));
    }
    if (until != null && !until.isBlank()) {
      query = query.withUntil(time("until", until, clock, zone));
    }
    if (status != null && !status.isBlank()) {
      query = query.withStatuses(statuses(status));
    }
    if (query.since().isPresent() && query.until().isPresent() && query.since().get().isAfter(query.until().get())) {
      throw new IllegalArgumentException("since (" + query.since().get() + ") is after until (" + query.until().get()
          + ")");
    }
    return query;
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text.strip());
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException("limit: a number from 1 to " + MAX_LIMIT + ", not '" + text + "'");
  }

  /**
   * A moment: ISO-8601 with an offset, a local date and time, a date (its start) or a time of today in
   * {@code zone}, or an age ({@code 30m}: 30 minutes before now).
   */
  public static Instant time(String what, String text, Clock clock, ZoneId zone) {
    String t = text.strip();
    Matcher age = AGE.matcher(t);
    if (age.matches()) {
      long amount = Long.parseLong(age.group(1));
      Duration duration = switch (age.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
      return clock.instant().minus(duration);
    }
    String iso = t.replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) (\\d)", "$1T$2");
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      // not with an offset
    }
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      // not an instant
    }
    try {
      return LocalDateTime.parse(iso).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      // not a local date and time
    }
    try {
      return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      // not a date
    }
    try {
      return LocalTime.parse(iso).atDate(LocalDate.now(clock.withZone(zone))).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(what + ": a time such as 2026-03-01T14:02:00Z, '2026-03-01 14:02', "
          + "2026-03-01, 14:02 or an age such as 30m, 2h, 7d; not '" + text + "'");
    }
  }

  /** Statuses separated by commas, in any case, {@code in_progress} or {@code in-progress}. */
  public static Set<RevisionStatus> statuses(String text) {
    Set<RevisionStatus> statuses = EnumSet.noneOf(RevisionStatus.class);
    for (String word : text.split(",")) {
      String name = word.strip().toUpperCase(Locale.ROOT).replace('-', '_');
      if (name.isEmpty()) {
        continue;
      }
      try {
        statuses.add(RevisionStatus.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("status: " + String.join(", ", EnumSet.allOf(RevisionStatus.class).stream()
            .map(HistoryRoutes::statusName).toList()) + "; not '" + word.strip() + "'");
      }
    }
    return statuses;
  }

  /** What a revision reference found. */
  public sealed interface Found {
    record One(RevisionRecord revision) implements Found {}

    record None(String message) implements Found {}

    record Several(List<RevisionRecord> candidates, String message) implements Found {}
  }

  /**
   * The revision a reference names: a whole sha, an abbreviated one (4 hexadecimal digits or more, which
   * must name one revision), {@code latest} (the last attempted) or {@code applied} (the last applied).
   */
  public static Found find(Ledger ledger, String reference) {
    String ref = reference.strip();
    Optional<RevisionRecord> exact = switch (ref) {
      case "latest" -> ledger.lastAttempted();
      case "applied" -> ledger.lastApplied();
      default -> ledger.revision(ref);
    };
    if (exact.isPresent()) {
      return new Found.One(exact.get());
    }
    if (ref.equals("latest") || ref.equals("applied")) {
      return new Found.None("no revision has been " + (ref.equals("latest") ? "attempted" : "applied") + " yet");
    }
    if (!HEX.matcher(ref).matches()) {
      return new Found.None("no revision " + ref);
    }
    List<RevisionRecord> candidates =
        ledger.history(HistoryQuery.latest(10).withShaPrefix(ref.toLowerCase(Locale.ROOT)));
    return switch (candidates.size()) {
      case 0 -> new Found.None("no revision " + ref);
      case 1 -> new Found.One(candidates.get(0));
      default -> new Found.Several(candidates, "'" + ref + "' names "
          + (candidates.size() == 10 ? "10 or more" : candidates.size()) + " revisions: "
          + String.join(", ", candidates.stream().map(RevisionRecord::sha).toList()));
    };
  }

  /** A list of revisions as {@code /api/v1/revisions} shows them. */
  public static ArrayNode historyJson(List<RevisionRecord> revisions) {
    ArrayNode list = StateJson.mapper().createArrayNode();
    revisions.forEach(r -> list.add(revisionJson(r)));
    return list;
  }

  /** One revision's record, with the same fields as {@code /api/v1/revisions}. */
  public static ObjectNode revisionJson(RevisionRecord r) {
    ObjectNode node = StateJson.mapper().createObjectNode();
    node.put("sha", r.sha());
    r.parent().ifPresent(p -> node.put("parent", p));
    node.put("author", r.author()).put("committer", r.committer()).put("message", r.message())
        .put("commit_time", r.commitTime().toString()).put("observed_at", r.observedAt().toString())
        .put("status", statusName(r.status())).put("detail", r.detail());
    r.finishedAt().ifPresent(f -> node.put("finished_at", f.toString()));
    return node;
  }

  /** A revision with what it changed, its actions (with durations) and the artifacts asked for. */
  public static ObjectNode showJson(Ledger ledger, RevisionRecord revision, ArtifactsShown shown) {
    Shown parts = Shown.of(ledger, revision, shown);
    ObjectNode node = revisionJson(revision);
    ObjectNode changes = node.putObject("changes");
    parts.changes().forEach((key, change) -> changes.put(key, change.name().toLowerCase(Locale.ROOT)));
    ArrayNode actions = node.putArray("actions");
    for (ActionRecord action : parts.actions()) {
      actions.addObject().put("sequence", action.sequence()).put("type", action.type())
          .put("target", action.target()).put("outcome", action.outcome()).put("detail", action.detail())
          .put("started_at", action.startedAt().toString()).put("finished_at", action.finishedAt().toString())
          .put("duration_ms", Duration.between(action.startedAt(), action.finishedAt()).toMillis());
    }
    node.put("artifact_count", parts.artifactCount());
    ObjectNode artifacts = node.putObject("artifacts");
    parts.artifacts().forEach(artifacts::put);
    return node;
  }

  /**
   * What {@code show} reads for a revision: its changes, actions, how many artifacts it had and the
   * content of those asked for.
   */
  public record Shown(Map<String, ArtifactChange> changes, List<ActionRecord> actions, int artifactCount,
      Map<String, String> artifacts) {

    public static Shown of(Ledger ledger, RevisionRecord revision, ArtifactsShown shown) {
      Map<String, String> all = ledger.artifacts(revision.sha());
      Map<String, ArtifactChange> changes = ledger.changes(revision.sha());
      Map<String, String> artifacts = new TreeMap<>();
      switch (shown) {
        case ALL -> artifacts.putAll(all);
        case CHANGED -> changes.keySet().stream().filter(all::containsKey).forEach(k -> artifacts.put(k, all.get(k)));
        case NONE -> { }
      }
      return new Shown(changes, ledger.actions(revision.sha()), all.size(), artifacts);
    }
  }

  /** {@code applied}, {@code in_progress}: as the CLI and the API write a status. */
  public static String statusName(RevisionStatus status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  private static void json(Context ctx, Object node) {
    ctx.contentType("application/json").result(StateJson.text(node));
  }
}
