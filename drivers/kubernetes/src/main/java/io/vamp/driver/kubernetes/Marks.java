package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.vamp.model.state.WorkloadId;
import java.util.Map;
import java.util.Optional;

/**
 * The labels and annotations that mark what this driver made. Labels carry label-safe values (for
 * selectors); annotations carry the originals, which decide ownership.
 */
public final class Marks {
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY_VALUE = "vamp";
  public static final String NAMESPACE = "vamp.io/namespace";
  public static final String DEPLOYMENT = "vamp.io/deployment";
  public static final String CLUSTER = "vamp.io/cluster";
  public static final String SERVICE = "vamp.io/service";
  /** Label: the object name of the workload; the selector of its pods. */
  public static final String WORKLOAD = "vamp.io/workload";
  /** Annotation: the workload id {@code deployment/cluster/service}, as given. */
  public static final String WORKLOAD_ID = "vamp.io/workload-id";
  /** Annotation: {@link io.vamp.model.state.Workload#digest()} of what was applied. */
  public static final String DIGEST = "vamp.io/digest";
  /** Annotation: what the driver applied to the spec, JSON; compared with the live spec to find edits. */
  public static final String APPLIED = "vamp.io/applied";
  /** Annotation: breed port names to port numbers, JSON. */
  public static final String PORTS = "vamp.io/ports";
  /** Pod template annotation: a hash of the rendered pod template, to tell current pods from old ones. */
  public static final String TEMPLATE_HASH = "vamp.io/template-hash";

  private Marks() {}

  /** Whether an object carries this namespace's marks and, if given, is the workload {@code id}. */
  static boolean owned(HasMetadata object, String namespace, Optional<WorkloadId> id) {
    return owned(object, namespace, Names.labelValue(namespace), id);
  }

  /** As {@link #owned(HasMetadata, String, Optional)}, with the namespace's label value already made. */
  static boolean owned(HasMetadata object, String namespace, String namespaceLabel, Optional<WorkloadId> id) {
    if (object == null || object.getMetadata() == null) {
      return false;
    }
    Map<String, String> labels = object.getMetadata().getLabels();
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    if (labels == null || annotations == null) {
      return false;
    }
    boolean ours = MANAGED_BY_VALUE.equals(labels.get(MANAGED_BY))
        && namespaceLabel.equals(labels.get(NAMESPACE))
        && namespace.equals(annotations.get(NAMESPACE));
    return ours && id.map(i -> i.toString().equals(annotations.get(WORKLOAD_ID))).orElse(true);
  }

  /** The workload id an owned object carries. */
  static Optional<WorkloadId> workloadId(HasMetadata object) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    String text = annotations == null ? null : annotations.get(WORKLOAD_ID);
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(WorkloadId.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
