package io.vamp.driver.kubernetes.standin;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What the Kubernetes control plane would do for Deployments, done by hand against the fabric8 mock
 * server (which stores objects but runs no controller, scheduler or kubelet). A test helper, kept small
 * and honest about what it simulates:
 *
 * <ul>
 *   <li>For each Deployment in the namespace it keeps {@code spec.replicas} Pods of the current pod
 *       template (the template's labels and annotations, an owner reference to the Deployment, phase
 *       Running, a made-up pod IP). ReplicaSets are skipped: Pods are owned by the Deployment directly.
 *   <li>A new Pod is Ready at once, or after {@link #podStartDelay}, or never (see {@link #neverReady}).
 *   <li>Rolling update, simplified: Pods of older templates are deleted once all Pods of the current
 *       template are Ready (the real controller surges and drains step by step).
 *   <li>It writes the Deployment's status the way the deployment controller does:
 *       {@code observedGeneration}, {@code replicas}, {@code updatedReplicas}, {@code readyReplicas},
 *       {@code availableReplicas}.
 *   <li>Garbage collection: when a Deployment is deleted, its Pods are deleted.
 * </ul>
 *
 * <p>It does not simulate probes, restarts, scheduling failures, minReadySeconds, progress deadlines or
 * HorizontalPodAutoscalers (a test scales by editing {@code spec.replicas}, as an autoscaler would).
 */
public final class SimulatedControllers implements AutoCloseable {
  private final KubernetesClient client;
  private final String namespace;
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "simulated-controllers");
    t.setDaemon(true);
    return t;
  });
  private final Set<String> queued = ConcurrentHashMap.newKeySet();
  private final AtomicInteger podCounter = new AtomicInteger();
  private final Watch watch;
  private volatile Duration podStartDelay = Duration.ZERO;
  private volatile Predicate<Deployment> neverReady = d -> false;
  private volatile boolean closed;

  public SimulatedControllers(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
    this.watch = client.apps().deployments().inNamespace(namespace).watch(new Watcher<>() {
      @Override
      public void eventReceived(Action action, Deployment deployment) {
        enqueue(deployment.getMetadata().getName(), Duration.ZERO);
      }

      @Override
      public void onClose(WatcherException cause) {
        // the mock server stopped
      }
    });
  }

  /** How long a new Pod takes to become Ready (default: at once). */
  public SimulatedControllers podStartDelay(Duration delay) {
    this.podStartDelay = delay;
    return this;
  }

  /** Pods of Deployments matching this never become Ready (a failing health check). */
  public SimulatedControllers neverReady(Predicate<Deployment> which) {
    this.neverReady = which;
    return this;
  }

  /** Pods of a Deployment, as the simulated controller keeps them. */
  public List<Pod> pods(String deployment) {
    return client.pods().inNamespace(namespace).list().getItems().stream()
        .filter(p -> ownedBy(p, deployment)).toList();
  }

  private void enqueue(String name, Duration after) {
    if (closed) {
      return;
    }
    if (after.isZero()) {
      if (queued.add(name)) {
        worker.execute(() -> {
          queued.remove(name);
          reconcile(name);
        });
      }
    } else {
      worker.schedule(() -> reconcile(name), after.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void reconcile(String name) {
    if (closed) {
      return;
    }
    try {
      Deployment d = client.apps().deployments().inNamespace(namespace).withName(name).get();
      List<Pod> pods = pods(name).stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
      if (d == null) {
        pods.forEach(this::delete);
        return;
      }
      String template = templateHash(d);
      int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      List<Pod> current = new ArrayList<>(pods.stream().filter(p -> template.equals(hashOf(p))).toList());
      List<Pod> old = new ArrayList<>(pods.stream().filter(p -> !template.equals(hashOf(p))).toList());
      while (current.size() < replicas) {
        current.add(create(d, template));
      }
      current.sort(Comparator.comparing((Pod p) -> p.getMetadata().getName()));
      while (current.size() > replicas) {
        delete(current.remove(current.size() - 1));
      }
      long ready = current.stream().filter(SimulatedControllers::ready).count();
      if (ready >= replicas) {
        old.forEach(this::delete);
        old.clear();
      }
      int total = current.size() + old.size();
      int readyAll = (int) (ready + old.stream().filter(SimulatedControllers::ready).count());
      DeploymentStatus status = new DeploymentStatusBuilder()
          .withObservedGeneration(d.getMetadata().getGeneration())
          .withReplicas(total)
          .withUpdatedReplicas(current.size())
          .withReadyReplicas(readyAll)
          .withAvailableReplicas(readyAll)
          .withUnavailableReplicas(Math.max(0, total - readyAll))
          .build();
      if (!Objects.equals(status, d.getStatus())) {
        d.setStatus(status);
        client.apps().deployments().inNamespace(namespace).resource(d).updateStatus();
      }
    } catch (KubernetesClientException e) {
      // a conflict with a concurrent write or a stopping server: the next event reconciles again
      if (!closed) {
        enqueue(name, Duration.ofMillis(50));
      }
    }
  }

  private Pod create(Deployment d, String template) {
    String name = d.getMetadata().getName() + "-" + template.substring(0, Math.min(5, template.length())) + "-"
        + String.format("%05d", podCounter.incrementAndGet());
    Map<String, String> annotations = new LinkedHashMap<>(
        d.getSpec().getTemplate().getMetadata().getAnnotations() == null ? Map.of()
            : d.getSpec().getTemplate().getMetadata().getAnnotations());
    annotations.put(HASH, template);
    boolean readyNow = podStartDelay.isZero() && !neverReady.test(d);
    int n = podCounter.get();
    Pod pod = new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
        .withAnnotations(annotations)
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
            .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid()).withController(true).build())
        .endMetadata()
        .withSpec(d.getSpec().getTemplate().getSpec())
        .withStatus(new PodStatusBuilder()
            .withPhase("Running")
            .withPodIP("10.244." + (n / 250 % 250) + "." + (n % 250 + 1))
            .withStartTime(Instant.now().toString())
            .withConditions(readyCondition(readyNow))
            .build())
        .build();
    Pod created = client.pods().inNamespace(namespace).resource(pod).create();
    if (!readyNow && !neverReady.test(d)) {
      worker.schedule(() -> markReady(created.getMetadata().getName(), d.getMetadata().getName()),
          podStartDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
    return created;
  }

  private void markReady(String pod, String deployment) {
    try {
      Pod live = client.pods().inNamespace(namespace).withName(pod).get();
      if (live != null) {
        live.getStatus().setConditions(List.of(readyCondition(true)));
        client.pods().inNamespace(namespace).resource(live).updateStatus();
      }
    } catch (KubernetesClientException e) {
      // deleted meanwhile
    }
    enqueue(deployment, Duration.ZERO);
  }

  private void delete(Pod pod) {
    try {
      client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      // already gone
    }
  }

  private static PodCondition readyCondition(boolean ready) {
    return new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False").build();
  }

  private static boolean ready(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
        .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static boolean ownedBy(Pod pod, String deployment) {
    return pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> "Deployment".equals(o.getKind()) && deployment.equals(o.getName()));
  }

  /** The template's hash annotation when the driver set one, else a hash of the template. */
  private static final String HASH = io.vamp.driver.kubernetes.Marks.TEMPLATE_HASH;

  private static String templateHash(Deployment d) {
    Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
    if (a != null && a.containsKey(HASH)) {
      return a.get(HASH);
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Serialization.asJson(d.getSpec().getTemplate()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, 10);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hashOf(Pod pod) {
    Map<String, String> a = pod.getMetadata().getAnnotations();
    return a == null ? "" : a.getOrDefault(HASH, "");
  }

  @Override
  public void close() {
    closed = true;
    watch.close();
    worker.shutdownNow();
  }
}
