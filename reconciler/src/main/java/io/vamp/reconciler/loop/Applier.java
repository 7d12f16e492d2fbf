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
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out a plan in order and reports each action's outcome; the deploys of a plan run a few at a
 * time. Ownership is recorded before a workload is created and dropped only after it is removed, so a
 * crash at any point leaves nothing unowned. Every action is idempotent: running a plan again after a crash converges.
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

  /**
   * Raised inside {@link #apply} when a newer commit arrives, or when a fenced write finds that this
   * daemon no longer leads ({@link FencedKeyValueStore}).
   */
  static final class SupersededException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SupersededException() {
      this("a newer commit arrived");
    }

    SupersededException(String reason) {
      super(reason, null, false, false);
    }
  }

  private final Backends backends;
  private final Publisher publisher;
  private final Clock clock;
  private final int parallelism;

  Applier(Backends backends, Publisher publisher, Clock clock, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    this.backends = backends;
    this.publisher = publisher;
    this.clock = clock;
    this.parallelism = parallelism;
  }

  /**
   * Runs the plan's actions in order. Stops at the first failure (later actions depend on earlier
   * ones: gateways are never published before their workloads are ready). A run of deploys is one step
   * of the order: their ownership is recorded at once, then up to {@code parallelism} of them run at a
   * time (their order among themselves does not matter; each is reported with its place in the plan).
   *
   * @return the failure, if any
   */
  Optional<Outcome.Failed> apply(Plan plan, String revision, BooleanSupplier superseded, Listener listener) {
    List<Action> actions = plan.actions();
    try {
      int index = 0;
      while (index < actions.size()) {
        int end = index;
        while (end < actions.size() && actions.get(end) instanceof Action.Deploy) {
          end++;
        }
        Optional<Outcome.Failed> failure;
        if (end > index) {
          failure = deployAll(actions.subList(index, end), index, actions.size(), revision, superseded, listener);
        } else {
          end = index + 1;
          checkSuperseded(superseded);
          failure = report(step(index, actions.get(index), revision, superseded), actions.size(), revision,
              listener);
        }
        if (failure.isPresent()) {
          return failure;
        }
        index = end;
      }
      return Optional.empty();
    } finally {
      io.vamp.reconciler.logging.LogContext.leave();
    }
  }

  /** Deploys a run of workloads, {@code parallelism} at a time; stops starting new ones after a failure. */
  private Optional<Outcome.Failed> deployAll(List<Action> deploys, int first, int total, String revision,
      BooleanSupplier superseded, Listener listener) {
    checkSuperseded(superseded);
    Set<String> ids = new TreeSet<>();
    deploys.forEach(a -> ids.add(((Action.Deploy) a).workload().id().toString()));
    own(ids, Set.of(), revision);
    // one at a time (or only one): each deploy runs on the calling thread as it is submitted
    ExecutorService pool = parallelism == 1 || deploys.size() == 1 ? null
        : Executors.newFixedThreadPool(Math.min(parallelism, deploys.size()), r -> {
          Thread t = new Thread(r, "vamp-apply");
          t.setDaemon(true);
          return t;
        });
    CompletionService<Ran> done = new ExecutorCompletionService<>(pool != null ? pool : Runnable::run);
    Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap();
    Optional<Outcome.Failed> failure = Optional.empty();
    boolean stop = false;
    int next = 0;
    int inFlight = 0;
    try {
      while (next < deploys.size() || inFlight > 0) {
        while (!stop && next < deploys.size() && inFlight < parallelism) {
          if (superseded.getAsBoolean()) {
            stop = true;
            break;
          }
          int sequence = first + next;
          Action action = deploys.get(next++);
          done.submit(() -> {
            Map<String, String> before = org.slf4j.MDC.getCopyOfContextMap();
            org.slf4j.MDC.setContextMap(logContext == null ? Map.of() : logContext);
            try {
              return step(sequence, action, revision, superseded);
            } finally {
              org.slf4j.MDC.setContextMap(before == null ? Map.of() : before);
            }
          });
          inFlight++;
        }
        if (inFlight == 0) {
          break;
        }
        Ran ran = take(done);
        inFlight--;
        Optional<Outcome.Failed> failed = report(ran, total, revision, listener);
        if (failed.isPresent()) {
          stop = true;
          if (failure.isEmpty()) {
            failure = failed;
          }
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdown();
      }
    }
    if (failure.isEmpty() && next < deploys.size()) {
      throw new SupersededException();
    }
    return failure;
  }

  /** The next deploy to finish; the ones in flight are waited for (a driver call is not cut short). */
  private static Ran take(CompletionService<Ran> done) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return done.take().get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IllegalStateException("a deploy ended outside its own error handling", e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void checkSuperseded(BooleanSupplier superseded) {
    if (superseded.getAsBoolean()) {
      throw new SupersededException();
    }
  }

  /** One action run: its step, and for a failure whether trying again may help. */
  private record Ran(Step step, boolean retryable) {}

  /** Runs one action and says how it went; never throws. */
  private Ran step(int sequence, Action action, String revision, BooleanSupplier superseded) {
    io.vamp.reconciler.logging.LogContext.enter(action);
    Instant started = clock.instant();
    try {
      String detail = run(action, revision, superseded);
      return new Ran(new Step(sequence, action, detail.startsWith("noop") ? "noop" : "applied", detail, started,
          clock.instant()), true);
    } catch (SupersededException e) {
      return new Ran(new Step(sequence, action, "superseded", e.getMessage(), started, clock.instant()), true);
    } catch (DriverException e) {
      LOG.warn("action failed revision={} action={} target={} retryable={} reason=\"{}\"", shortSha(revision),
          action.type(), action.target(), e.retryable(), e.getMessage());
      return new Ran(new Step(sequence, action, "failed", e.getMessage(), started, clock.instant()), e.retryable());
    } catch (RuntimeException e) {
      LOG.warn("action failed revision={} action={} target={}", shortSha(revision), action.type(), action.target(), e);
      return new Ran(new Step(sequence, action, "failed", String.valueOf(e), started, clock.instant()), true);
    }
  }

  /** Tells the listener; a failed step becomes the revision's failure, a superseded one ends the plan. */
  private static Optional<Outcome.Failed> report(Ran ran, int total, String revision, Listener listener) {
    Step step = ran.step();
    Action action = step.action();
    listener.step(step);
    switch (step.outcome()) {
      case "superseded" -> throw new SupersededException();
      case "failed" -> {
        return Optional.of(new Outcome.Failed(action.type() + " " + action.target(), step.detail(), ran.retryable()));
      }
      default -> {
        LOG.info("action {} revision={} step={}/{} action={} target={} detail=\"{}\"", step.outcome(),
            shortSha(revision), step.sequence() + 1, total, action.type(), action.target(), step.detail());
        return Optional.empty();
      }
    }
  }

  private String run(Action action, String revision, BooleanSupplier superseded) {
    if (action instanceof Action.Deploy deploy) {
      // ownership was recorded before (apply): a crash after the create leaves nothing unowned
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
