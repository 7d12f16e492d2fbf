package io.vamp.reconciler.loop;

import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.driver.spi.ledger.RevisionStatus;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private volatile java.util.function.BiConsumer<String, String> actionObserver = (type, outcome) -> { };

  public Reconciler(Backends backends, ResolveContext context, Publisher publisher, Duration readyTimeout,
      Clock clock) {
    this.backends = backends;
    this.context = context;
    this.publisher = publisher;
    this.planner = new Planner(publisher, readyTimeout);
    this.clock = clock;
    this.namespace = context.namespace();
    this.applier = new Applier(backends, publisher, clock);
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
      return new Outcome.Converged();
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
      return failure.<Outcome>map(f -> f).orElse(new Outcome.Applied(plan.actions().size()));
    } catch (Applier.SupersededException e) {
      return new Outcome.Superseded("a newer commit");
    }
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
