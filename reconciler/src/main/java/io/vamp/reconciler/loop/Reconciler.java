package io.vamp.reconciler.loop;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
import io.vamp.driver.spi.scheduler.GatewayExposure;
import io.vamp.model.Dsl;
import io.vamp.model.artifact.Artifact;
import io.vamp.model.problem.Problem;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.DesiredState;
import io.vamp.reconciler.git.Revision;
import io.vamp.reconciler.plan.GatewayDocument;
import io.vamp.reconciler.plan.Observed;
import io.vamp.reconciler.plan.Plan;
import io.vamp.reconciler.plan.Planner;
import io.vamp.reconciler.plan.Publisher;
import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles one revision: read, validate and resolve it (the model), observe the world, diff and
 * plan, apply, record in the ledger and announce as events. A revision with any problem is rejected
 * whole and changes nothing.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  private final Backends backends;
  private final ResolveContext context;
  private final Planner planner;
  private final Applier applier;
  private final Announcer announcer;
  private final Clock clock;
  private final String namespace;

  private final Publisher publisher;
  /** The ledger's and the metrics' action type of {@link #exposeGateways}. */
  static final String EXPOSE_GATEWAYS = "expose-gateways";
  private volatile java.util.function.BiConsumer<String, String> actionObserver = (type, outcome) -> { };

  public Reconciler(Backends backends, ResolveContext context, Publisher publisher, Duration readyTimeout,
      int parallelism, Clock clock) {
    this.backends = backends;
    this.context = context;
    this.publisher = publisher;
    this.planner = new Planner(publisher, readyTimeout);
    this.clock = clock;
    this.namespace = context.namespace();
    this.applier = new Applier(backends, publisher, clock, parallelism);
    this.announcer = new Announcer(backends.events(), clock);
  }

  /** Told each action's type and outcome (the daemon's metrics). */
  public void onAction(java.util.function.BiConsumer<String, String> observer) {
    this.actionObserver = observer;
  }

  /** The result of {@link #reconcile}: the outcome, and the desired state when the revision was valid. */
  public record Result(Outcome outcome, Optional<DesiredState> state) {}

  public Result reconcile(Revision revision, BooleanSupplier superseded) {
    String sha = revision.sha();
    record(revision);
    Dsl.Evaluation evaluation = evaluate(revision);
    if (!evaluation.ok()) {
      return new Result(reject(sha, evaluation.problems()), Optional.empty());
    }
    DesiredState desired = evaluation.state().orElseThrow();
    backends.ledger().recordArtifacts(sha, artifacts(evaluation.artifacts()));
    Outcome outcome = converge(sha, desired, superseded, false);
    finish(sha, outcome);
    return new Result(outcome, Optional.of(desired));
  }

  /** A commit whose files cannot even be read (too large, not UTF-8, its folder missing) is rejected. */
  public Outcome rejectUnreadable(String sha, List<Problem> problems) {
    java.time.Instant now = clock.instant();
    backends.ledger().recordRevision(new RevisionRecord(sha, Optional.empty(), "unknown", "unknown", "", now, now,
        RevisionStatus.IN_PROGRESS, "", Optional.empty()));
    return reject(sha, problems);
  }

  /**
   * Brings the world back to a revision's desired state between commits: corrects drift (a workload
   * removed or changed by hand, a KV key edited) and announces each correction.
   */
  public Outcome correctDrift(String sha, DesiredState desired, BooleanSupplier stop) {
    return converge(sha, desired, stop, true);
  }

  /** Read, validate and resolve, keeping gateway ports where the published gateways have them. */
  public Dsl.Evaluation evaluate(Revision revision) {
    List<SourceFile> files = revision.files().entrySet().stream()
        .map(e -> new SourceFile(e.getKey(), e.getValue())).toList();
    return Dsl.evaluate(files, context.withPreviousPorts(publishedPorts()));
  }

  private Outcome converge(String sha, DesiredState desired, BooleanSupplier superseded, boolean drift) {
    Observed observed = observe();
    Plan plan = planner.plan(desired, observed);
    plan.decisions().forEach(d -> LOG.debug("decision revision={} workload={} decision={} reason=\"{}\"",
        Applier.shortSha(sha), d.workload(), d.kind(), d.reason()));
    if (plan.isEmpty()) {
      return exposeGateways(sha, desired, superseded, drift, 0);
    }
    if (drift) {
      LOG.info("drift detected revision={} actions={}", Applier.shortSha(sha), plan.actions().size());
    }
    try {
      Optional<Outcome.Failed> failure = applier.apply(plan, sha, superseded, step -> {
        if (!drift) {
          backends.ledger().recordAction(new ActionRecord(sha, step.sequence(), step.action().type(),
              step.action().target(), step.outcome(), step.detail(), step.started(), step.finished()));
        }
        announcer.step(sha, step, drift);
        actionObserver.accept(step.action().type(), step.outcome());
      });
      if (failure.isPresent()) {
        return failure.get();
      }
    } catch (Applier.SupersededException e) {
      return new Outcome.Superseded(e.getMessage());
    }
    return exposeGateways(sha, desired, superseded, drift, plan.actions().size());
  }

  /**
   * The last step of every reconciliation that applied its plan (or had none): the scheduler, if it has
   * to, exposes the desired gateways' ports to the outside (Kubernetes: a Service on the gateway agents).
   * Idempotent and cheap when nothing changed, so it also runs on each drift check, which then puts back
   * an exposure changed by hand. Recorded (ledger, event, metrics) like an action when it wrote or
   * failed; a failure fails the reconciliation like any action's. Never while superseded or fenced.
   *
   * @param sequence its place after the plan's actions, for the ledger
   */
  private Outcome exposeGateways(String sha, DesiredState desired, BooleanSupplier superseded, boolean drift,
      int sequence) {
    Outcome done = sequence == 0 ? new Outcome.Converged() : new Outcome.Applied(sequence);
    Optional<GatewayExposure> exposure = backends.scheduler().gatewayExposure();
    if (exposure.isEmpty()) {
      return done;
    }
    if (superseded.getAsBoolean()) {
      return new Outcome.Superseded(drift ? "leadership lost" : "a newer commit");
    }
    SortedMap<String, Integer> ports = new TreeMap<>();
    desired.gateways().forEach(g -> ports.put(g.name(), g.port()));
    String target = ports.isEmpty() ? "no ports"
        : "ports " + ports.values().stream().distinct().sorted().map(String::valueOf).collect(Collectors.joining(","));
    Instant started = clock.instant();
    String outcome;
    String detail;
    Optional<Outcome.Failed> failure = Optional.empty();
    try {
      if (!exposure.get().expose(ports)) {
        LOG.debug("gateways exposure unchanged revision={} target=\"{}\"", Applier.shortSha(sha), target);
        return done;
      }
      outcome = "applied";
      detail = ports.size() + " gateways exposed";
      LOG.info("action applied revision={} action={} target=\"{}\" detail=\"{}\"{}", Applier.shortSha(sha),
          EXPOSE_GATEWAYS, target, detail, drift ? " drift=corrected" : "");
    } catch (RuntimeException e) {
      boolean retryable = !(e instanceof DriverException d) || d.retryable();
      outcome = "failed";
      detail = e instanceof DriverException ? e.getMessage() : String.valueOf(e);
      LOG.warn("action failed revision={} action={} target=\"{}\" retryable={} reason=\"{}\"",
          Applier.shortSha(sha), EXPOSE_GATEWAYS, target, retryable, detail);
      failure = Optional.of(new Outcome.Failed(EXPOSE_GATEWAYS + " " + target, detail, retryable));
    }
    Instant finished = clock.instant();
    if (!drift) {
      backends.ledger().recordAction(new ActionRecord(sha, sequence, EXPOSE_GATEWAYS, target, outcome, detail,
          started, finished));
    }
    announcer.exposure(sha, sequence, ports.keySet(), outcome, detail, drift, started, finished);
    actionObserver.accept(EXPOSE_GATEWAYS, outcome);
    return failure.<Outcome>map(f -> f).orElse(new Outcome.Applied(sequence + 1));
  }

  private Observed observe() {
    Map<String, String> published = new TreeMap<>();
    for (String key : publisher.keys()) {
      backends.kv().get(key).ifPresent(v -> published.put(key, v.value()));
    }
    return new Observed(backends.scheduler().observe(), published, backends.ledger().inventory());
  }

  /** Gateway ports as last published, so resolution keeps them. */
  private Map<String, Integer> publishedPorts() {
    Map<String, Integer> ports = new TreeMap<>();
    try {
      backends.kv().get(GatewayDocument.key(namespace)).ifPresent(v -> {
        try {
          var root = io.vamp.model.json.StateJson.mapper().readTree(v.value());
          root.path("gateways").forEach(g -> ports.put(g.path("name").asText(), g.path("port").asInt()));
        } catch (java.io.IOException e) {
          LOG.warn("published gateways are not JSON; gateway ports will be chosen afresh");
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("cannot read published gateways: {}", e.getMessage());
    }
    return ports;
  }

  private void record(Revision revision) {
    backends.ledger().recordRevision(new RevisionRecord(revision.sha(),
        revision.parents().stream().findFirst(), revision.author().toString(), revision.committer().toString(),
        revision.message(), revision.commitTime(), clock.instant(), RevisionStatus.IN_PROGRESS, "",
        Optional.empty()));
    backends.ledger().updateRevision(revision.sha(), RevisionStatus.IN_PROGRESS, "");
    LOG.info("revision observed revision={} commit=\"{}\" author=\"{}\"", revision.shortSha(),
        revision.shortMessage(), revision.author().name());
  }

  private Outcome reject(String sha, List<Problem> problems) {
    String detail = problems.stream().map(Problem::toString).collect(Collectors.joining("\n"));
    backends.ledger().updateRevision(sha, RevisionStatus.REJECTED, detail);
    announcer.revision(sha, "rejected", detail);
    LOG.info("revision rejected revision={} problems={}", Applier.shortSha(sha), problems.size());
    problems.forEach(p -> LOG.info("problem revision={} at={}:{}:{} message=\"{}\"", Applier.shortSha(sha),
        p.file(), p.line(), p.column(), p.message()));
    return new Outcome.Rejected(problems);
  }

  private void finish(String sha, Outcome outcome) {
    RevisionStatus status;
    String detail = "";
    if (outcome instanceof Outcome.Applied || outcome instanceof Outcome.Converged) {
      status = RevisionStatus.APPLIED;
    } else if (outcome instanceof Outcome.Superseded) {
      status = RevisionStatus.SUPERSEDED;
    } else if (outcome instanceof Outcome.Failed failed) {
      status = RevisionStatus.FAILED;
      detail = failed.action() + ": " + failed.reason();
    } else {
      status = RevisionStatus.REJECTED;
    }
    backends.ledger().updateRevision(sha, status, detail);
    announcer.revision(sha, status.name().toLowerCase(java.util.Locale.ROOT), detail);
    LOG.info("revision {} revision={} outcome={}{}", status.name().toLowerCase(java.util.Locale.ROOT),
        Applier.shortSha(sha), outcome.status(), detail.isEmpty() ? "" : " detail=\"" + detail + "\"");
  }

  /**
   * Each artifact as the ledger keeps it: its canonical YAML (one artifact, whatever file it shares),
   * with values whose names look secret masked, since the ledger keeps what it is given forever.
   */
  private static Map<String, String> artifacts(List<Artifact> artifacts) {
    Map<String, String> byName = new TreeMap<>();
    for (Artifact artifact : artifacts) {
      byName.put(artifact.kind().dsl() + "/" + artifact.name(),
          io.vamp.driver.spi.ledger.SecretMasking.mask(io.vamp.model.write.ArtifactWriter.write(artifact)));
    }
    return byName;
  }
}
