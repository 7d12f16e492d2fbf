package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.vamp.driver.spi.DriverException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the driver sees, kept current by watches (shared informers), never by list polling: this
 * namespace's Deployments, Services and pods (selected by the {@link Marks#NAMESPACE} label), and the
 * HorizontalPodAutoscalers of the Kubernetes namespace (indexed by the Deployment they scale).
 *
 * <p>Reads see the driver's own writes at once: a write is remembered until the informer's copy of that
 * object moves past the version the write was based on.
 */
final class LiveCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveCache.class);
  static final String BY_WORKLOAD = "workload";
  static final String BY_TARGET = "target";

  private final String kubernetesNamespace;
  private final SharedIndexInformer<Deployment> deployments;
  private final SharedIndexInformer<Service> services;
  private final SharedIndexInformer<Pod> pods;
  private final SharedIndexInformer<HorizontalPodAutoscaler> autoscalers;
  private final Writes<Deployment> deploymentWrites = new Writes<>();
  private final Writes<Service> serviceWrites = new Writes<>();

  LiveCache(KubernetesClient client, String kubernetesNamespace, String namespace, boolean watchAutoscalers,
      Duration syncTimeout) {
    this.kubernetesNamespace = kubernetesNamespace;
    Map<String, String> ours = Map.of(Marks.MANAGED_BY, Marks.MANAGED_BY_VALUE,
        Marks.NAMESPACE, Names.labelValue(namespace));
    deployments = client.apps().deployments().inNamespace(kubernetesNamespace).withLabels(ours)
        .runnableInformer(0);
    services = client.services().inNamespace(kubernetesNamespace).withLabels(ours).runnableInformer(0);
    pods = client.pods().inNamespace(kubernetesNamespace).withLabels(ours).runnableInformer(0);
    pods.addIndexers(Map.of(BY_WORKLOAD, pod -> label(pod, Marks.WORKLOAD)));
    autoscalers = watchAutoscalers
        ? client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(kubernetesNamespace).runnableInformer(0)
        : null;
    if (autoscalers != null) {
      autoscalers.addIndexers(Map.of(BY_TARGET, hpa -> {
        var ref = hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
        return ref != null && "Deployment".equals(ref.getKind()) && ref.getName() != null
            ? List.of(ref.getName()) : List.of();
      }));
    }
    try {
      start(List.of(deployments, services, pods), syncTimeout);
      if (autoscalers != null) {
        start(List.of(autoscalers), syncTimeout);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void start(List<SharedIndexInformer<?>> informers, Duration timeout) {
    List<java.util.concurrent.CompletableFuture<Void>> started = informers.stream()
        .map(i -> i.start().toCompletableFuture()).toList();
    try {
      java.util.concurrent.CompletableFuture.allOf(started.toArray(new java.util.concurrent.CompletableFuture[0]))
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      List<String> waiting = new ArrayList<>();
      for (int i = 0; i < informers.size(); i++) {
        if (!started.get(i).isDone()) {
          waiting.add(informers.get(i).getApiTypeClass().getSimpleName());
        }
      }
      throw new DriverException("kubernetes: the watch caches of namespace " + kubernetesNamespace
          + " did not sync within " + timeout.toSeconds() + " s (waiting for " + String.join(", ", waiting) + ")",
          true);
    } catch (ExecutionException e) {
      throw new DriverException("kubernetes: cannot list and watch in namespace " + kubernetesNamespace + ": "
          + KubernetesErrors.describe(e.getCause()), e.getCause(), KubernetesErrors.retryable(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted while syncing the watch caches", e, true);
    }
  }

  Deployment deployment(String name) {
    return deploymentWrites.read(name, deployments.getStore().getByKey(key(name)));
  }

  Service service(String name) {
    return serviceWrites.read(name, services.getStore().getByKey(key(name)));
  }

  Collection<Deployment> deployments() {
    return deploymentWrites.readAll(deployments.getStore().list(), this::deployment);
  }

  Collection<Service> services() {
    return serviceWrites.readAll(services.getStore().list(), this::service);
  }

  List<Pod> pods(String workloadName) {
    return pods.getIndexer().byIndex(BY_WORKLOAD, workloadName);
  }

  /** Whether a HorizontalPodAutoscaler scales the Deployment of that name. */
  boolean autoscaled(String name) {
    return autoscalers != null && !autoscalers.getIndexer().byIndex(BY_TARGET, name).isEmpty();
  }

  void wroteDeployment(String name, Deployment before, Deployment after) {
    deploymentWrites.wrote(name, before, after);
  }

  void wroteService(String name, Service before, Service after) {
    serviceWrites.wrote(name, before, after);
  }

  /** Whether this version of the Deployment is the one this driver's last write of it produced. */
  boolean ownDeploymentVersion(String name, String resourceVersion) {
    return deploymentWrites.own(name, resourceVersion);
  }

  /** Whether this version of the Service is the one this driver's last write of it produced. */
  boolean ownServiceVersion(String name, String resourceVersion) {
    return serviceWrites.own(name, resourceVersion);
  }

  /** Whether every watch is connected (false while one reconnects: reads may be stale). */
  boolean watching() {
    return deployments.isWatching() && services.isWatching() && pods.isWatching()
        && (autoscalers == null || autoscalers.isWatching());
  }

  private String key(String name) {
    return kubernetesNamespace + "/" + name;
  }

  private static List<String> label(HasMetadata object, String key) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String value = labels == null ? null : labels.get(key);
    return value == null ? List.of() : List.of(value);
  }

  @Override
  public void close() {
    for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {deployments, services, pods, autoscalers}) {
      if (informer != null) {
        try {
          informer.stop();
        } catch (RuntimeException e) {
          LOG.debug("event=informer-stop-failed error={}", e.toString());
        }
      }
    }
  }

  /** The driver's own writes, until the informer has caught up with them. */
  private static final class Writes<T extends HasMetadata> {
    private record Write<T>(String basedOn, T result) {}

    private final Map<String, Write<T>> pending = new ConcurrentHashMap<>();
    private final Map<String, String> lastWritten = new ConcurrentHashMap<>();

    void wrote(String name, T before, T after) {
      pending.put(name, new Write<>(version(before), after));
      String version = version(after);
      if (version == null) {
        lastWritten.remove(name);
      } else {
        lastWritten.put(name, version);
      }
    }

    boolean own(String name, String version) {
      return version != null && version.equals(lastWritten.get(name));
    }

    T read(String name, T cached) {
      Write<T> write = pending.get(name);
      if (write == null) {
        return cached;
      }
      if (Objects.equals(write.basedOn(), version(cached))) {
        return write.result();
      }
      pending.remove(name, write);
      return cached;
    }

    Collection<T> readAll(List<T> cached, Function<String, T> byName) {
      Map<String, T> out = new TreeMap<>();
      for (T item : cached) {
        out.put(item.getMetadata().getName(), item);
      }
      for (String name : List.copyOf(pending.keySet())) {
        out.put(name, null);
      }
      List<T> result = new ArrayList<>();
      for (String name : out.keySet()) {
        T item = byName.apply(name);
        if (item != null) {
          result.add(item);
        }
      }
      return result;
    }

    private static String version(HasMetadata object) {
      return object == null || object.getMetadata() == null ? null : object.getMetadata().getResourceVersion();
    }
  }
}
