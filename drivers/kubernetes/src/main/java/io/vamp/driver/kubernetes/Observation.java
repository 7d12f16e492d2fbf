package io.vamp.driver.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vamp.driver.kubernetes.KubernetesSettings.InstanceAddress;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.driver.spi.scheduler.Readiness;
import io.vamp.model.state.WorkloadId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns live objects into an {@link ObservedWorkload}. Pure: the scheduler passes what its watch caches
 * hold.
 *
 * <ul>
 *   <li>digest: the Deployment's {@link Marks#DIGEST}; {@code drift:<digest>} when the live spec of the
 *       Deployment or Service no longer holds what was applied or the Service is gone (so it never
 *       equals a desired digest and the daemon puts it back); {@code incomplete} for a Service left
 *       without its Deployment
 *   <li>wanted instances: the Deployment's {@code spec.replicas} (an autoscaler's choice when one scales it)
 *   <li>instances: one per pod that is not terminating, of the current digest when the pod runs the
 *       Deployment's current template. A pod of an older template is ready when its Ready condition is
 *       True; a pod of the current template only when, in addition, the rollout is complete
 *       ({@link #rolledOut}), so the workload's readiness is the Deployment status's, as
 *       {@code kubectl rollout status} sees it
 * </ul>
 */
final class Observation {
  static final String INCOMPLETE = "incomplete";
  static final String DRIFT = "drift:";

  private Observation() {}

  /** What the scheduler has of one workload. */
  record Live(WorkloadId id, String name, Deployment deployment, Service service, List<Pod> pods,
      boolean autoscaled, Optional<String> drift) {}

  static ObservedWorkload observe(Live live, InstanceAddress address, String kubernetesNamespace,
      String clusterDomain) {
    Deployment deployment = live.deployment();
    if (deployment == null) {
      return new ObservedWorkload(live.id(), INCOMPLETE, 1, List.of());
    }
    Map<String, String> annotations = annotations(deployment);
    String applied = annotations.getOrDefault(Marks.DIGEST, "");
    String digest = live.drift().isPresent() ? DRIFT + applied : applied;
    int wanted = deployment.getSpec() == null || deployment.getSpec().getReplicas() == null
        ? 1 : deployment.getSpec().getReplicas();
    String currentTemplate = templateHash(deployment);
    Map<String, Integer> ports = ports(annotations);

    List<Pod> running = live.pods().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(p -> p.getStatus() == null || !List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()))
        .sorted(Comparator.comparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()))
            .thenComparing(p -> p.getMetadata().getName()))
        .toList();
    boolean rolledOut = rolledOut(deployment, wanted);
    Map<String, Integer> perTemplate = new TreeMap<>();
    List<Instance> instances = new ArrayList<>();
    for (Pod pod : running) {
      String template = podTemplateHash(pod);
      boolean current = template.equals(currentTemplate);
      Optional<String> instanceDigest = Optional.of(current ? digest : "template:" + template);
      boolean ready = ready(pod) && (rolledOut || !current);
      if (address == InstanceAddress.POD) {
        String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isBlank()) {
          continue;
        }
        instances.add(new Instance(pod.getMetadata().getName(), ip, ports, ready, instanceDigest));
      } else {
        int index = perTemplate.merge(template, 1, Integer::sum) - 1;
        String host = serviceHost(live.service(), live.name(), address, kubernetesNamespace, clusterDomain);
        instances.add(new Instance(template + "-" + index, host, ports, ready, instanceDigest));
      }
    }
    return new ObservedWorkload(live.id(), digest, wanted, instances);
  }

  /**
   * The rollout is complete the way {@code kubectl rollout status} sees it: the controller has seen the
   * latest spec ({@code observedGeneration >= generation}) and updated, total and available replicas all
   * equal the wanted replicas (so no pod of an older template is left).
   */
  static boolean rolledOut(Deployment deployment, int wanted) {
    DeploymentStatus status = deployment.getStatus();
    if (status == null) {
      return false;
    }
    return orZero(status.getObservedGeneration()) >= orZero(deployment.getMetadata().getGeneration())
        && orZero(status.getUpdatedReplicas()) == wanted && orZero(status.getReplicas()) == wanted
        && orZero(status.getAvailableReplicas()) == wanted;
  }

  /** The instances' readiness, with the rollout status and a missing Service in its message. */
  static Readiness readiness(ObservedWorkload observed, Deployment deployment, Service service) {
    Readiness instances = observed.readiness();
    if (deployment == null) {
      return new Readiness(false, 0, observed.wantedInstances(), "no Deployment");
    }
    if (service == null) {
      return new Readiness(false, instances.readyInstances(), instances.wantedInstances(),
          instances.message() + "; no Service");
    }
    DeploymentStatus status = deployment.getStatus();
    int wanted = observed.wantedInstances();
    String message = instances.message() + "; rollout: " + (status == null ? "no status yet"
        : orZero(status.getUpdatedReplicas()) + " updated, " + orZero(status.getAvailableReplicas()) + " available, "
            + orZero(status.getReplicas()) + " total of " + wanted + " (generation "
            + orZero(status.getObservedGeneration()) + "/" + orZero(deployment.getMetadata().getGeneration()) + ")");
    return new Readiness(instances.ready(), instances.readyInstances(), wanted, message);
  }

  static String serviceHost(Service service, String name, InstanceAddress address, String kubernetesNamespace,
      String clusterDomain) {
    if (address == InstanceAddress.SERVICE_IP && service != null && service.getSpec() != null) {
      String ip = service.getSpec().getClusterIP();
      if (ip != null && !ip.isBlank() && !ip.equals("None")) {
        return ip;
      }
    }
    return name + "." + kubernetesNamespace + ".svc." + clusterDomain;
  }

  static String templateHash(Deployment deployment) {
    if (deployment.getSpec() == null || deployment.getSpec().getTemplate() == null
        || deployment.getSpec().getTemplate().getMetadata() == null) {
      return "";
    }
    Map<String, String> a = deployment.getSpec().getTemplate().getMetadata().getAnnotations();
    return a == null ? "" : a.getOrDefault(Marks.TEMPLATE_HASH, "");
  }

  private static String podTemplateHash(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a == null ? "" : a.getOrDefault(Marks.TEMPLATE_HASH, "");
  }

  static boolean ready(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return false;
    }
    for (PodCondition condition : pod.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    return false;
  }

  static Map<String, String> annotations(io.fabric8.kubernetes.api.model.HasMetadata object) {
    Map<String, String> a = object.getMetadata().getAnnotations();
    return a == null ? Map.of() : a;
  }

  private static Map<String, Integer> ports(Map<String, String> annotations) {
    String json = annotations.get(Marks.PORTS);
    if (json == null) {
      return Map.of();
    }
    try {
      return new LinkedHashMap<>(Serialization.jsonMapper().readValue(json,
          new TypeReference<Map<String, Integer>>() {}));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return Map.of();
    }
  }

  private static long orZero(Long value) {
    return value == null ? 0 : value;
  }

  private static int orZero(Integer value) {
    return value == null ? 0 : value;
  }
}
