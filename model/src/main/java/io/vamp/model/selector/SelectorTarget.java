package io.vamp.model.selector;

import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a selector is evaluated against: one of this daemon's workloads as a {@link Candidate}, with
 * where a selection of it sends traffic (the workload, its port names in the candidate's port order,
 * and the instance when the candidate is one running instance).
 *
 * <p>The attributes a workload gets (see the model README, "Selector gateways"):
 * <ul>
 *   <li>{@code name}: its id, {@code deployment/cluster/service};</li>
 *   <li>{@code kind}: what its deployable is: {@code container}, {@code command} or {@code javascript};</li>
 *   <li>{@code namespace}: the daemon's Vamp namespace;</li>
 *   <li>{@code image}: the container image of a {@code container} deployable, empty (never matches) otherwise;</li>
 *   <li>labels: the built-in {@code deployment}, {@code cluster}, {@code service}, and {@code version} when
 *       the service (breed) name has one after its last {@code :} ({@code sava:1.0.0} gives {@code 1.0.0});
 *       and the labels its {@code kubernetes} and {@code marathon} dialects give it ({@link #dialectLabels}),
 *       under any other key (a built-in label wins over a dialect label of the same key);</li>
 *   <li>{@code ip}: the host a running instance is reached at; empty (never matches) for a workload
 *       considered without its instances ({@link #of(Workload, String)});</li>
 *   <li>ports: the breed's declared port numbers in the breed's order, so {@code port(8080)} and
 *       {@code port_index(0)} mean the same offline and at run time.</li>
 * </ul>
 */
public record SelectorTarget(Candidate candidate, WorkloadId workload, List<String> portNames,
    Optional<String> instance) {

  /** The kind of a workload whose deployable is a container image. */
  public static final String CONTAINER = "container";

  public SelectorTarget {
    Objects.requireNonNull(candidate, "candidate");
    Objects.requireNonNull(workload, "workload");
    portNames = List.copyOf(portNames);
    Objects.requireNonNull(instance, "instance");
    if (portNames.size() != candidate.ports().size()) {
      throw new IllegalArgumentException("one port name per port of " + candidate.name());
    }
  }

  /** A workload as declared, without its instances (no ip): what a review evaluates a selector against. */
  public static SelectorTarget of(Workload workload, String namespace) {
    return new SelectorTarget(candidate(workload, namespace, ""), workload.id(), portNames(workload), Optional.empty());
  }

  /** One running instance of a workload, reached at {@code host}. */
  public static SelectorTarget instance(Workload workload, String namespace, String instance, String host) {
    return new SelectorTarget(candidate(workload, namespace, host), workload.id(), portNames(workload),
        Optional.of(instance));
  }

  /**
   * The dialects whose {@code labels} map the scheduler puts on what it runs (Deployment and pod labels,
   * Marathon app labels), in the order they are read: the first to set a key wins.
   */
  public static final List<String> LABEL_DIALECTS = List.of("kubernetes", "marathon");

  /**
   * The labels a workload carries for selectors: its {@link #dialectLabels dialect labels}, then the
   * built-in ones ({@link #labels(WorkloadId)}) over them: a dialect cannot change what
   * {@code label(version)} or {@code label(cluster)} means.
   */
  public static Map<String, String> labels(Workload workload) {
    Map<String, String> labels = new TreeMap<>(dialectLabels(workload.dialects()));
    labels.putAll(labels(workload.id()));
    return labels;
  }

  /**
   * The labels the {@link #LABEL_DIALECTS} give a workload: each dialect's {@code labels} map when it is
   * one, read as the drivers read it. A text value is taken as it is, a number or boolean as the text the
   * drivers write for it ({@code 2}, {@code true}; so quote {@code "1.10"}); a null, list or map value,
   * and a {@code labels} that is not a map, give nothing (the driver refuses them when it deploys).
   * Read without any driver: the model only looks at the dialect tree.
   */
  public static Map<String, String> dialectLabels(Dialects dialects) {
    Map<String, String> labels = new TreeMap<>();
    for (String dialect : LABEL_DIALECTS) {
      Map<String, Object> tree = dialects.byScheduler().get(dialect);
      if (tree != null && tree.get("labels") instanceof Map<?, ?> map) {
        map.forEach((key, value) -> {
          if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            labels.putIfAbsent(String.valueOf(key), String.valueOf(value));
          }
        });
      }
    }
    return labels;
  }

  /** The built-in labels every workload carries for selectors. */
  public static Map<String, String> labels(WorkloadId id) {
    Map<String, String> labels = new TreeMap<>();
    labels.put("deployment", id.deployment());
    labels.put("cluster", id.cluster());
    labels.put("service", id.service());
    int colon = id.service().lastIndexOf(':');
    if (colon >= 0 && colon < id.service().length() - 1) {
      labels.put("version", id.service().substring(colon + 1));
    }
    return labels;
  }

  /** The selector word for what a deployable is. */
  public static String kind(Deployable deployable) {
    return switch (deployable.type()) {
      case DOCKER -> CONTAINER;
      case COMMAND -> "command";
      case JAVASCRIPT -> "javascript";
    };
  }

  private static Candidate candidate(Workload workload, String namespace, String host) {
    String image = workload.deployable().type() == Deployable.Type.DOCKER ? workload.deployable().definition() : "";
    return new Candidate(workload.id().toString(), kind(workload.deployable()).toLowerCase(Locale.ROOT), namespace,
        image, labels(workload), host, workload.ports().stream().map(Port::number).toList());
  }

  private static List<String> portNames(Workload workload) {
    return workload.ports().stream().map(Port::name).toList();
  }
}
