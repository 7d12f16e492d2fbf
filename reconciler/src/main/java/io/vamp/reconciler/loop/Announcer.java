package io.vamp.reconciler.loop;

import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.model.state.WorkloadId;
import io.vamp.reconciler.plan.Action;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the reconciler did into events in Vamp's shape ({@code deployments:sava},
 * {@code synchronization:deployed}, {@code revision:<sha>}, ...), with ids derived from what they
 * describe so that delivering one twice stores it once.
 */
final class Announcer {
  private static final Logger LOG = LoggerFactory.getLogger(Announcer.class);

  private final EventSink sink;
  private final Clock clock;

  Announcer(EventSink sink, Clock clock) {
    this.sink = sink;
    this.clock = clock;
  }

  /** A revision reached a status (applied, rejected, superseded, failed, in-progress). */
  void revision(String sha, String status, String detail) {
    publish(new Event("revision/" + sha + "/" + status + "/" + clock.millis(),
        Set.of("revision:" + sha, "revisions:" + status), "revision", detail, clock.instant()));
  }

  /** One action of a revision's plan (or of a drift correction, when {@code drift}). */
  void step(String sha, Applier.Step step, boolean drift) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add("revision:" + sha);
    Action action = step.action();
    if (action instanceof Action.Deploy deploy) {
      addWorkload(tags, deploy.workload().id());
      tags.add("synchronization:" + (deploy.isUpdate() ? "redeploy" : "deployed"));
    } else if (action instanceof Action.Undeploy undeploy) {
      addWorkload(tags, undeploy.workload());
      tags.add("synchronization:undeployed");
    } else if (action instanceof Action.PublishGateways publish) {
      publish.gateways().forEach(g -> tags.add("gateways:" + g.name()));
      tags.add("gateways:published");
    } else if (action instanceof Action.WaitReady wait) {
      wait.workloads().forEach(id -> addWorkload(tags, id));
      tags.add("synchronization:ready");
    }
    announce(sha, tags, step.sequence(), step.outcome(), drift, step.started(), step.finished(),
        action.type() + " " + action.target() + ": " + step.detail());
  }

  /** The gateways' exposure after a plan (not an action of it), when it wrote or failed. */
  void exposure(String sha, int sequence, Collection<String> gateways, String outcome, String detail, boolean drift,
      Instant started, Instant finished) {
    Set<String> tags = new LinkedHashSet<>();
    tags.add("revision:" + sha);
    gateways.forEach(g -> tags.add("gateways:" + g));
    tags.add("gateways:exposed");
    announce(sha, tags, sequence, outcome, drift, started, finished, Reconciler.EXPOSE_GATEWAYS + ": " + detail);
  }

  /** Ids from the revision (or the drift check's start), the place in the plan and the outcome. */
  private void announce(String sha, Set<String> tags, int sequence, String outcome, boolean drift, Instant started,
      Instant finished, String text) {
    tags.add("outcome:" + outcome);
    if (drift) {
      tags.add("drift:corrected");
    }
    String id = (drift ? "drift/" + sha + "/" + started.toEpochMilli() : "action/" + sha) + "/" + sequence + "/"
        + outcome;
    publish(new Event(id, tags, drift ? "drift" : "synchronization", text, finished));
  }

  private static void addWorkload(Set<String> tags, WorkloadId id) {
    tags.add("deployments:" + id.deployment());
    tags.add("clusters:" + id.cluster());
    tags.add("services:" + id.service());
  }

  private void publish(Event event) {
    try {
      sink.publish(List.of(event));
    } catch (RuntimeException e) {
      // The ledger outbox is the record; an event that cannot be stored is logged, never fatal.
      LOG.warn("event not stored id={} reason=\"{}\"", event.id(), e.getMessage());
    }
  }
}
