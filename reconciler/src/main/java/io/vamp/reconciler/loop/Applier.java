package io.vamp.reconciler.loop;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.ledger.Inventory;
import io.vamp.driver.spi.scheduler.Readiness;
import io.vamp.model.state.WorkloadId;
import io.vamp.reconciler.plan.Action;
import io.vamp.reconciler.plan.Publication;
import io.vamp.reconciler.plan.Publisher;
import io.vamp.reconciler.plan.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan in order, one action at a time, and reports each action's outcome. Ownership is
 * recorded before a workload is created and dropped only after it is removed, so a crash at any point
 * leaves nothing unowned. Every action is idempotent: running a plan again after a crash converges.
 */
final class Applier {
  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  private static final Duration READY_POLL = Duration.ofMillis(200);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

  /** One action's result, as the ledger and the events record it. */
  record Step(int sequence, Action action, String outcome, String detail, Instant started, Instant finished) {}

  interface Listener {
    void step(Step step);
  }

  /** Raised inside {@link #apply} when a newer commit arrives. */
  static final class SupersededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SupersededException() {
      super("superseded by a newer commit", null, false, false);
    }
  }

  private final Backends backends;
  private final Publisher publisher;
  private final Clock clock;

  Applier(Backends backends, Publisher publisher, Clock clock) {
    this.backends = backends;
    this.publisher = publisher;
    this.clock = clock;
  }

  /**
   * Runs the plan's actions in order. Stops at the first failure (later actions depend on earlier
   * ones: gateways are never published before their workloads are ready).
   *
   * @return the failure, if any
   */
  Optional<Outcome.Failed> apply(Plan plan, String revision, BooleanSupplier superseded, Listener listener) {
    int sequence = 0;
    for (Action action : plan.actions()) {
      if (superseded.getAsBoolean()) {
        throw new SupersededException();
      }
      io.vamp.reconciler.logging.LogContext.enter(action);
      Instant started = clock.instant();
      String detail;
      String outcome = "applied";
      try {
        detail = run(action, revision, superseded);
        if (detail.startsWith("noop")) {
          outcome = "noop";
        }
      } catch (SupersededException e) {
        listener.step(new Step(sequence, action, "superseded", "a newer commit arrived", started, clock.instant()));
        throw e;
      } catch (DriverException e) {
        listener.step(new Step(sequence, action, "failed", e.getMessage(), started, clock.instant()));
        LOG.warn("action failed revision={} action={} target={} retryable={} reason=\"{}\"", shortSha(revision),
            action.type(), action.target(), e.retryable(), e.getMessage());
        return Optional.of(new Outcome.Failed(action.type() + " " + action.target(), e.getMessage(), e.retryable()));
      } catch (RuntimeException e) {
        listener.step(new Step(sequence, action, "failed", String.valueOf(e), started, clock.instant()));
        LOG.warn("action failed revision={} action={} target={}", shortSha(revision), action.type(), action.target(), e);
        return Optional.of(new Outcome.Failed(action.type() + " " + action.target(), String.valueOf(e), true));
      }
      listener.step(new Step(sequence, action, outcome, detail, started, clock.instant()));
      LOG.info("action {} revision={} step={}/{} action={} target={} detail=\"{}\"", outcome, shortSha(revision),
          sequence + 1, plan.actions().size(), action.type(), action.target(), detail);
      sequence++;
    }
    io.vamp.reconciler.logging.LogContext.leave();
    return Optional.empty();
  }

  private String run(Action action, String revision, BooleanSupplier superseded) {
    if (action instanceof Action.Deploy deploy) {
      own(Set.of(deploy.workload().id().toString()), Set.of(), revision);
      backends.scheduler().deploy(deploy.workload());
      return deploy.isUpdate()
          ? "digest " + deploy.runningDigest().orElseThrow() + " -> " + deploy.workload().digest()
          : "digest " + deploy.workload().digest();
    }
    if (action instanceof Action.WaitReady wait) {
      return waitReady(wait.workloads(), wait.timeout(), superseded);
    }
    if (action instanceof Action.PublishGateways publish) {
      return publish(publish);
    }
    Action.Undeploy undeploy = (Action.Undeploy) action;
    backends.scheduler().remove(undeploy.workload());
    own(Set.of(), Set.of(undeploy.workload().toString()), revision);
    return "removed";
  }

  private void own(Set<String> add, Set<String> remove, String revision) {
    Inventory inventory = backends.ledger().inventory();
    Set<String> workloads = new TreeSet<>(inventory.workloads());
    workloads.addAll(add);
    workloads.removeAll(remove);
    if (!workloads.equals(inventory.workloads())) {
      backends.ledger().saveInventory(new Inventory(workloads, inventory.gateways(), revision));
    }
  }

  private String waitReady(List<WorkloadId> workloads, Duration timeout, BooleanSupplier superseded) {
    Instant deadline = clock.instant().plus(timeout);
    Instant nextProgress = clock.instant().plus(PROGRESS_EVERY);
    Map<WorkloadId, Readiness> last = new LinkedHashMap<>();
    while (true) {
      last.clear();
      for (WorkloadId id : workloads) {
        last.put(id, backends.scheduler().readiness(id));
      }
      if (last.values().stream().allMatch(Readiness::ready)) {
        return "ready: " + summary(last);
      }
      if (superseded.getAsBoolean()) {
        throw new SupersededException();
      }
      Instant now = clock.instant();
      if (now.isAfter(deadline)) {
        throw new DriverException("not ready after " + timeout.toSeconds() + " s: " + summary(last), true);
      }
      if (now.isAfter(nextProgress)) {
        LOG.info("waiting for readiness workloads=\"{}\" remaining={}s", summary(last),
            Duration.between(now, deadline).toSeconds());
        nextProgress = now.plus(PROGRESS_EVERY);
      }
      try {
        Thread.sleep(READY_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException("interrupted while waiting for readiness", true);
      }
    }
  }

  private static String summary(Map<WorkloadId, Readiness> readiness) {
    StringBuilder out = new StringBuilder();
    readiness.forEach((id, r) -> out.append(out.length() == 0 ? "" : ", ").append(id).append(' ')
        .append(r.readyInstances()).append('/').append(r.wantedInstances()));
    return out.toString();
  }

  private String publish(Action.PublishGateways publish) {
    Publication publication = publisher.publication(publish.gateways(), publish.workloads(),
        backends.scheduler().observe());
    List<String> written = new java.util.ArrayList<>();
    // the configuration first, the gateways document last: an agent never sees a document newer than
    // the configuration it describes
    List<Map.Entry<String, String>> entries = new java.util.ArrayList<>(publication.values().entrySet());
    entries.sort(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()));
    for (Map.Entry<String, String> entry : entries) {
      Optional<Versioned> current = backends.kv().get(entry.getKey());
      if (current.isEmpty() || !current.get().value().equals(entry.getValue())) {
        backends.kv().put(entry.getKey(), entry.getValue());
        written.add(entry.getKey());
      }
    }
    return written.isEmpty() ? "noop: unchanged"
        : publish.gateways().size() + " gateways; wrote " + String.join(", ", written);
  }

  static String shortSha(String sha) {
    return sha.length() > 12 ? sha.substring(0, 12) : sha;
  }
}
