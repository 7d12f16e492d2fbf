package io.vamp.driver.spi.ledger;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which revisions {@link Ledger#history} returns: every filter that is given must hold (they combine with
 * AND); the answer is ordered like {@link Ledger#revisions(int)}, the most recently recorded first, and
 * holds at most {@code limit} revisions. Start from {@link #latest(int)} and add filters:
 *
 * <pre>{@code
 * ledger.history(HistoryQuery.latest(20).withDeployment("sava").withUntil(Instant.parse("2026-03-01T14:02:00Z")));
 * }</pre>
 *
 * @param deployment only revisions that touched this deployment: their recorded artifacts added, changed or
 *     removed {@code deployment/<name>} compared with the revision recorded before them, or one of their
 *     actions targets a workload of it ({@code <name>/...}, alone or in a comma-separated list)
 * @param gateway only revisions whose recorded artifacts added, changed or removed {@code gateway/<name>}
 *     compared with the revision recorded before them
 * @param since only revisions observed at or after this moment
 * @param until only revisions observed at or before this moment
 * @param statuses only revisions whose status is one of these now; empty means any status
 * @param shaPrefix only revisions whose sha starts with this (lower-case hexadecimal), to find a revision
 *     by an abbreviated sha
 * @param limit at most this many revisions, at least 1
 */
public record HistoryQuery(Optional<String> deployment, Optional<String> gateway, Optional<Instant> since,
    Optional<Instant> until, Set<RevisionStatus> statuses, Optional<String> shaPrefix, int limit) {

  public HistoryQuery {
    Objects.requireNonNull(deployment, "deployment");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    if (limit < 1) {
      throw new IllegalArgumentException("a limit must be at least 1, not " + limit);
    }
    deployment.ifPresent(name -> requireName("deployment", name));
    gateway.ifPresent(name -> requireName("gateway", name));
    Objects.requireNonNull(shaPrefix, "shaPrefix");
    shaPrefix.ifPresent(prefix -> {
      if (!prefix.matches("[0-9a-f]{1,64}")) {
        throw new IllegalArgumentException("a sha prefix is 1 to 64 lower-case hexadecimal digits, not '" + prefix
            + "'");
      }
    });
  }

  /** The latest {@code limit} revisions, whatever they touched and whatever their status. */
  public static HistoryQuery latest(int limit) {
    return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Set.of(),
        Optional.empty(), limit);
  }

  public HistoryQuery withDeployment(String name) {
    return new HistoryQuery(Optional.of(name), gateway, since, until, statuses, shaPrefix, limit);
  }

  public HistoryQuery withGateway(String name) {
    return new HistoryQuery(deployment, Optional.of(name), since, until, statuses, shaPrefix, limit);
  }

  public HistoryQuery withSince(Instant moment) {
    return new HistoryQuery(deployment, gateway, Optional.of(moment), until, statuses, shaPrefix, limit);
  }

  public HistoryQuery withUntil(Instant moment) {
    return new HistoryQuery(deployment, gateway, since, Optional.of(moment), statuses, shaPrefix, limit);
  }

  public HistoryQuery withStatuses(Set<RevisionStatus> wanted) {
    return new HistoryQuery(deployment, gateway, since, until, wanted, shaPrefix, limit);
  }

  public HistoryQuery withShaPrefix(String prefix) {
    return new HistoryQuery(deployment, gateway, since, until, statuses, Optional.of(prefix), limit);
  }

  public HistoryQuery withLimit(int max) {
    return new HistoryQuery(deployment, gateway, since, until, statuses, shaPrefix, max);
  }

  /**
   * The deployments an action's target names: the part before the first {@code /} of the target, or of
   * each item of a comma-separated list of targets ({@code sava/sava/sava:1.0.0,other/web/web:2}); an
   * item without a {@code /}, or starting with one (a key-value store key), names none.
   */
  public static SortedSet<String> deploymentsTargeted(String target) {
    SortedSet<String> deployments = new TreeSet<>();
    for (String item : target.split(",")) {
      String trimmed = item.strip();
      int slash = trimmed.indexOf('/');
      if (slash > 0) {
        deployments.add(trimmed.substring(0, slash));
      }
    }
    return deployments;
  }

  private static void requireName(String what, String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a " + what + " name is not blank");
    }
  }
}
