package io.vamp.reconciler.review;

import io.vamp.model.Dsl;
import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Kind;
import io.vamp.model.problem.Problem;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import io.vamp.reconciler.plan.Publisher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Compares two revisions of a repository: evaluates both and pairs what they declare. Pure: files
 * in, a {@link Review} out.
 *
 * <p>Head is resolved with base's gateway ports as the previous ports, as the daemon resolves a new
 * commit with the running one's, so a gateway that exists on both sides keeps its port and a review
 * never shows ports (and the variables that point at them) moving for no reason.
 */
public final class Reviewer {
  private Reviewer() {}

  public static Review review(Snapshot base, Snapshot head) {
    return review(base, head, ResolveContext.DEFAULT);
  }

  public static Review review(Snapshot base, Snapshot head, ResolveContext context) {
    Dsl.Evaluation baseEval = evaluate(base, context);
    Side baseSide = new Side(base.rev(), base.sha(), problems(base, baseEval));
    boolean baseOk = baseEval.ok() && baseEval.state().isPresent();
    DesiredState baseState = baseOk ? baseEval.state().get() : DesiredState.EMPTY;
    List<Artifact> baseArtifacts = baseOk ? baseEval.artifacts() : List.of();

    Map<String, Integer> ports = baseState.gateways().stream()
        .collect(Collectors.toMap(Gateway::name, Gateway::port));
    Dsl.Evaluation headEval = evaluate(head, context.withPreviousPorts(ports));
    Side headSide = new Side(head.rev(), head.sha(), problems(head, headEval));
    if (!headEval.ok() || headEval.state().isEmpty()) {
      return new Review(baseSide, headSide, List.of(), List.of(), List.of(), baseState, DesiredState.EMPTY);
    }
    DesiredState headState = headEval.state().get();
    return new Review(baseSide, headSide,
        artifacts(baseArtifacts, headEval.artifacts()),
        workloads(baseState, headState),
        gateways(baseState, headState, context.namespace()),
        baseState, headState);
  }

  private record ArtifactKey(Kind kind, String name) implements Comparable<ArtifactKey> {
    private static final Comparator<ArtifactKey> ORDER =
        Comparator.comparing(ArtifactKey::kind).thenComparing(ArtifactKey::name);

    @Override
    public int compareTo(ArtifactKey other) {
      return ORDER.compare(this, other);
    }
  }

  static List<ArtifactChange> artifacts(List<Artifact> base, List<Artifact> head) {
    Map<ArtifactKey, String> before = forms(base);
    Map<ArtifactKey, String> after = forms(head);
    TreeSet<ArtifactKey> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<ArtifactChange> out = new ArrayList<>();
    for (ArtifactKey key : keys) {
      Optional<String> b = Optional.ofNullable(before.get(key));
      Optional<String> a = Optional.ofNullable(after.get(key));
      Change change = Change.between(b, a, b.equals(a));
      if (change != Change.UNCHANGED) {
        out.add(new ArtifactChange(key.kind, key.name, change));
      }
    }
    return out;
  }

  private static Map<ArtifactKey, String> forms(List<Artifact> artifacts) {
    Map<ArtifactKey, String> out = new TreeMap<>();
    // a valid revision has one artifact per kind and name; keep the first if not
    artifacts.forEach(a -> out.putIfAbsent(new ArtifactKey(a.kind(), a.name()), ArtifactForm.of(a)));
    return out;
  }

  static List<WorkloadChange> workloads(DesiredState base, DesiredState head) {
    Map<WorkloadId, Workload> before = base.workloadsById();
    Map<WorkloadId, Workload> after = head.workloadsById();
    TreeSet<WorkloadId> ids = new TreeSet<>(before.keySet());
    ids.addAll(after.keySet());
    List<WorkloadChange> out = new ArrayList<>();
    for (WorkloadId id : ids) {
      WorkloadDiff.between(Optional.ofNullable(before.get(id)), Optional.ofNullable(after.get(id)))
          .ifPresent(out::add);
    }
    return out;
  }

  static List<GatewayChange> gateways(DesiredState base, DesiredState head) {
    return gateways(base, head, ResolveContext.DEFAULT.namespace());
  }

  /**
   * The gateways before and after, a selector gateway with the routes its selector makes from the
   * workloads each side declares (as if they ran and were ready: a review has no instances), and
   * head's notes on how they were made.
   */
  static List<GatewayChange> gateways(DesiredState base, DesiredState head, String namespace) {
    Map<String, Gateway> before = byName(Publisher.declared(base.gateways(), base.workloads(), namespace).gateways());
    Publisher.Routing headRouting = Publisher.declared(head.gateways(), head.workloads(), namespace);
    Map<String, Gateway> after = byName(headRouting.gateways());
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    List<GatewayChange> out = new ArrayList<>();
    for (String name : names) {
      GatewayDiff.between(Optional.ofNullable(before.get(name)), Optional.ofNullable(after.get(name)),
          headRouting.notes().getOrDefault(name, List.of())).ifPresent(out::add);
    }
    return out;
  }

  private static Map<String, Gateway> byName(List<Gateway> gateways) {
    Map<String, Gateway> out = new TreeMap<>();
    gateways.forEach(g -> out.putIfAbsent(g.name(), g));
    return out;
  }

  private static Dsl.Evaluation evaluate(Snapshot snapshot, ResolveContext context) {
    if (!snapshot.unreadable().isEmpty()) {
      return new Dsl.Evaluation(List.of(), Optional.empty(), snapshot.unreadable());
    }
    return Dsl.evaluate(snapshot.files(), context);
  }

  /** The problems with paths from the repository root, so a person finds the files. */
  private static List<Problem> problems(Snapshot snapshot, Dsl.Evaluation evaluation) {
    if (!snapshot.unreadable().isEmpty() || snapshot.subPath().isEmpty()) {
      return evaluation.problems();
    }
    return evaluation.problems().stream().map(p -> new Problem(snapshot.subPath() + "/" + p.file(), p.line(),
        p.column(), p.path(), p.message())).toList();
  }
}
