package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.scheduler.GatewayExposure;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.driver.spi.scheduler.Readiness;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kubernetes {@link Scheduler}: per workload a Deployment and a ClusterIP Service, marked with this
 * daemon's namespace; observed through watch caches ({@link LiveCache}); hand edits reported as a
 * digest that matches nothing ({@link Observation}). See the module README.
 */
public final class KubernetesScheduler implements Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesScheduler.class);
  private static final int CONFLICT_RETRIES = 5;

  private final String namespace;
  private final String namespaceLabel;
  private final Map<WorkloadId, String> names = new ConcurrentHashMap<>();
  private final String kubernetesNamespace;
  private final KubernetesSettings settings;
  private final KubernetesClient client;
  private final boolean ownsClient;
  private final WorkloadRenderer renderer;
  private final LiveCache cache;
  private final Map<String, DriftCheck> drift = new ConcurrentHashMap<>();
  private final ExecutorService writes = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "vamp-kubernetes-write");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  private record DriftCheck(String deploymentVersion, String serviceVersion, boolean autoscaled,
      Optional<String> difference) {}

  public KubernetesScheduler(DriverConfig config) {
    this(config.namespace(), KubernetesSettings.from(config));
  }

  private KubernetesScheduler(String namespace, KubernetesSettings settings) {
    this(namespace, settings, KubernetesClients.create(settings), true);
  }

  /** With a client made elsewhere (tests, benchmarks); {@link #close()} leaves it open. */
  public KubernetesScheduler(String namespace, KubernetesSettings settings, KubernetesClient client) {
    this(namespace, settings, client, false);
  }

  private KubernetesScheduler(String namespace, KubernetesSettings settings, KubernetesClient client,
      boolean ownsClient) {
    this.namespace = namespace;
    this.namespaceLabel = Names.labelValue(namespace);
    this.settings = settings;
    this.client = client;
    this.ownsClient = ownsClient;
    this.kubernetesNamespace = settings.kubernetesNamespace().orElseGet(() ->
        Optional.ofNullable(client.getConfiguration().getNamespace()).filter(s -> !s.isBlank()).orElse("default"));
    this.renderer = new WorkloadRenderer(namespace, kubernetesNamespace, settings);
    try {
      this.cache = new LiveCache(client, kubernetesNamespace, namespace, settings.watchAutoscalers(),
          settings.syncTimeout());
    } catch (RuntimeException e) {
      if (ownsClient) {
        client.close();
      }
      throw e;
    }
    LOG.info("event=scheduler-started driver=kubernetes namespace={} kubernetes_namespace={} master={}",
        namespace, kubernetesNamespace, client.getMasterUrl());
  }

  /** The Kubernetes namespace the workloads live in. */
  public String kubernetesNamespace() {
    return kubernetesNamespace;
  }

  /**
   * Exposes the gateway agents' ports through a NodePort or LoadBalancer Service; present even with
   * {@code gateway-service-type: None}, where it removes such a Service of this daemon's.
   */
  @Override
  public Optional<GatewayExposure> gatewayExposure() {
    return Optional.of(new KubernetesGatewayExposure(client, cache, namespace, kubernetesNamespace, settings));
  }

  // ------------------------------------------------------------------ observe

  @Override
  public List<ObservedWorkload> observe() {
    open();
    Map<WorkloadId, String> names = new TreeMap<>();
    for (Deployment d : cache.deployments()) {
      owned(d).ifPresent(id -> names.put(id, d.getMetadata().getName()));
    }
    for (Service s : cache.services()) {
      owned(s).ifPresent(id -> names.putIfAbsent(id, s.getMetadata().getName()));
    }
    List<ObservedWorkload> out = new ArrayList<>();
    names.forEach((id, name) -> observe(id, name).ifPresent(out::add));
    out.sort(Comparator.comparing(ObservedWorkload::id));
    return out;
  }

  @Override
  public Optional<ObservedWorkload> observe(WorkloadId id) {
    open();
    return observe(id, name(id));
  }

  private Optional<ObservedWorkload> observe(WorkloadId id, String name) {
    return live(id, name).map(live -> Observation.observe(live, settings.instanceAddress(), kubernetesNamespace,
        settings.clusterDomain()));
  }

  @Override
  public Readiness readiness(WorkloadId id) {
    open();
    String name = name(id);
    Optional<Observation.Live> live = live(id, name);
    if (live.isEmpty()) {
      return Readiness.missing();
    }
    ObservedWorkload observed = Observation.observe(live.get(), settings.instanceAddress(), kubernetesNamespace,
        settings.clusterDomain());
    return Observation.readiness(observed, live.get().deployment(), live.get().service());
  }

  private Optional<Observation.Live> live(WorkloadId id, String name) {
    Deployment deployment = ownedOrNull(cache.deployment(name), id);
    Service service = ownedOrNull(cache.service(name), id);
    if (deployment == null && service == null) {
      return Optional.empty();
    }
    boolean autoscaled = cache.autoscaled(name);
    Optional<String> difference = deployment == null ? Optional.empty() : drift(name, deployment, service, autoscaled);
    return Optional.of(new Observation.Live(id, name, deployment, service, deployment == null ? List.of()
        : cache.pods(name), autoscaled, difference));
  }

  /** Compared once per pair of object versions: observing a thousand workloads stays cheap. */
  private Optional<String> drift(String name, Deployment deployment, Service service, boolean autoscaled) {
    String dv = deployment.getMetadata().getResourceVersion();
    String sv = service == null ? null : service.getMetadata().getResourceVersion();
    DriftCheck known = drift.get(name);
    if (known != null && java.util.Objects.equals(known.deploymentVersion(), dv)
        && java.util.Objects.equals(known.serviceVersion(), sv) && known.autoscaled() == autoscaled) {
      return known.difference();
    }
    Optional<String> difference;
    if (service == null) {
      difference = Optional.of("the Service is gone");
    } else if (cache.ownDeploymentVersion(name, dv) && cache.ownServiceVersion(name, sv)) {
      // the versions this driver's own writes produced: what it applied, plus what the API server added.
      // Not comparing them also keeps the driver from fighting a mutating admission webhook forever.
      difference = Optional.empty();
    } else {
      String appliedDeployment = Observation.annotations(deployment).get(Marks.APPLIED);
      String appliedService = Observation.annotations(service).get(Marks.APPLIED);
      if (appliedDeployment == null || appliedService == null) {
        difference = Optional.of("the " + Marks.APPLIED + " annotation is gone");
      } else {
        difference = Drift.find(appliedDeployment, deployment.getSpec(), autoscaled)
            .or(() -> Drift.find(appliedService, service.getSpec(), false).map(d -> "service " + d));
      }
    }
    if (difference.isPresent() && (known == null || !known.difference().equals(difference))) {
      LOG.info("event=drift namespace={} workload={} difference=\"{}\"", namespace,
          Observation.annotations(deployment).get(Marks.WORKLOAD_ID), difference.get());
    }
    drift.put(name, new DriftCheck(dv, sv, autoscaled, difference));
    return difference;
  }

  // ------------------------------------------------------------------ deploy

  @Override
  public void deploy(Workload workload) {
    open();
    WorkloadId id = workload.id();
    String name = name(id);
    boolean autoscaled = cache.autoscaled(name);
    WorkloadRenderer.Rendered rendered = renderer.render(workload, name, autoscaled);
    // the Service is written beside the Deployment: one round trip of latency per workload, not two
    CompletableFuture<String> serviceWrite = CompletableFuture.supplyAsync(
        () -> apply(id, name, rendered.service(), rendered.appliedService(),
            cache::service, this::createService, this::updateService, cache::wroteService, "Service"), writes);
    String deploymentAction;
    try {
      deploymentAction = apply(id, name, rendered.deployment(), rendered.appliedDeployment(),
          cache::deployment, d -> createDeployment(d, workload.resources().instances()),
          (live, desired) -> updateDeployment(live, desired, autoscaled),
          cache::wroteDeployment, "Deployment");
    } catch (RuntimeException e) {
      serviceWrite.handle((ok, failed) -> {
        if (failed != null) {
          e.addSuppressed(failed.getCause() == null ? failed : failed.getCause());
        }
        return null;
      }).join();
      throw e;
    }
    String serviceAction;
    try {
      serviceAction = serviceWrite.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    LOG.info("event=deployed namespace={} workload={} name={} digest={} deployment={} service={}{}", namespace, id,
        name, rendered.digest(), deploymentAction, serviceAction, autoscaled ? " replicas=autoscaler" : "");
  }

  private interface Writer<T> {
    T write(T live, T desired);
  }

  private interface Recorder<T> {
    void wrote(String name, T before, T after);
  }

  /** Creates, updates (only when something differs) or leaves an object; returns what it did. */
  private <T extends HasMetadata> String apply(WorkloadId id, String name, T desired, String applied,
      Function<String, T> cached, Function<T, T> create, Writer<T> update, Recorder<T> recorder, String kind) {
    T live = cached.apply(name);
    for (int attempt = 0; ; attempt++) {
      try {
        if (live == null) {
          T created = create.apply(desired);
          recorder.wrote(name, null, created);
          return "created";
        }
        if (!Marks.owned(live, namespace, namespaceLabel, Optional.of(id))) {
          throw notOwned(kind, name, live);
        }
        if (unchanged(live, desired, applied)) {
          return "unchanged";
        }
        T updated = update.write(live, desired);
        recorder.wrote(name, live, updated);
        return "updated";
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
          throw KubernetesErrors.of((live == null ? "create " : "update ") + kind + " " + kubernetesNamespace
              + "/" + name + " for " + id, e);
        }
        // 409: it exists though our cache did not show it (created meanwhile, or not ours), or our
        // copy was stale: read the server's and decide again
        live = fetch(kind, name);
        if (live == null) {
          continue;
        }
        if (!Marks.owned(live, namespace, namespaceLabel, Optional.of(id))) {
          throw notOwned(kind, name, live);
        }
      }
    }
  }

  private boolean unchanged(HasMetadata live, HasMetadata desired, String applied) {
    Map<String, String> liveAnnotations = Observation.annotations(live);
    if (!applied.equals(liveAnnotations.get(Marks.APPLIED))
        || !Observation.annotations(desired).get(Marks.DIGEST).equals(liveAnnotations.get(Marks.DIGEST))) {
      return false;
    }
    String name = live.getMetadata().getName();
    String version = live.getMetadata().getResourceVersion();
    boolean own = live instanceof Deployment ? cache.ownDeploymentVersion(name, version)
        : cache.ownServiceVersion(name, version);
    boolean autoscaled = live instanceof Deployment && cache.autoscaled(name);
    Object spec = live instanceof Deployment d ? d.getSpec() : ((Service) live).getSpec();
    return (own || Drift.find(applied, spec, autoscaled).isEmpty())
        && labelsHeld(live.getMetadata(), desired.getMetadata());
  }

  private static boolean labelsHeld(ObjectMeta live, ObjectMeta desired) {
    Map<String, String> labels = live.getLabels() == null ? Map.of() : live.getLabels();
    Map<String, String> annotations = live.getAnnotations() == null ? Map.of() : live.getAnnotations();
    return desired.getLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
        && desired.getAnnotations().entrySet().stream().allMatch(e -> e.getValue().equals(annotations.get(e.getKey())));
  }

  @SuppressWarnings("unchecked")
  private <T extends HasMetadata> T fetch(String kind, String name) {
    return (T) (kind.equals("Deployment")
        ? client.apps().deployments().inNamespace(kubernetesNamespace).withName(name).get()
        : client.services().inNamespace(kubernetesNamespace).withName(name).get());
  }

  private Deployment createDeployment(Deployment desired, int instances) {
    Deployment create = desired;
    if (desired.getSpec().getReplicas() == null) {
      // autoscaled from the start: begin where the workload says, the autoscaler takes over
      create = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(desired).editSpec()
          .withReplicas(instances).endSpec().build();
    }
    return client.apps().deployments().inNamespace(kubernetesNamespace).resource(create).create();
  }

  private Deployment updateDeployment(Deployment live, Deployment desired, boolean autoscaled) {
    Deployment next = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(live).build();
    next.setMetadata(mergedMeta(live.getMetadata(), desired.getMetadata()));
    Integer liveReplicas = live.getSpec() == null ? null : live.getSpec().getReplicas();
    var spec = new io.fabric8.kubernetes.api.model.apps.DeploymentSpecBuilder(desired.getSpec()).build();
    if (autoscaled) {
      spec.setReplicas(liveReplicas);
    }
    if (live.getSpec() != null && live.getSpec().getSelector() != null) {
      spec.setSelector(live.getSpec().getSelector());
    }
    next.setSpec(spec);
    return client.apps().deployments().inNamespace(kubernetesNamespace).resource(next).update();
  }

  private Service createService(Service desired) {
    return client.services().inNamespace(kubernetesNamespace).resource(desired).create();
  }

  private Service updateService(Service live, Service desired) {
    Service next = new io.fabric8.kubernetes.api.model.ServiceBuilder(live).build();
    next.setMetadata(mergedMeta(live.getMetadata(), desired.getMetadata()));
    var spec = new io.fabric8.kubernetes.api.model.ServiceSpecBuilder(desired.getSpec()).build();
    if (live.getSpec() != null) {
      // assigned by the API server and immutable
      spec.setClusterIP(live.getSpec().getClusterIP());
      spec.setClusterIPs(live.getSpec().getClusterIPs());
      spec.setIpFamilies(live.getSpec().getIpFamilies());
      spec.setIpFamilyPolicy(live.getSpec().getIpFamilyPolicy());
    }
    next.setSpec(spec);
    return client.services().inNamespace(kubernetesNamespace).resource(next).update();
  }

  /** The live metadata with our labels and annotations set; labels and annotations of others are kept. */
  private static ObjectMeta mergedMeta(ObjectMeta live, ObjectMeta desired) {
    ObjectMeta meta = new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(live).build();
    Map<String, String> labels = new LinkedHashMap<>(live.getLabels() == null ? Map.of() : live.getLabels());
    labels.putAll(desired.getLabels());
    Map<String, String> annotations = new LinkedHashMap<>(
        live.getAnnotations() == null ? Map.of() : live.getAnnotations());
    annotations.putAll(desired.getAnnotations());
    meta.setLabels(labels);
    meta.setAnnotations(annotations);
    return meta;
  }

  private DriverException notOwned(String kind, String name, HasMetadata live) {
    String owner = Observation.annotations(live).get(Marks.NAMESPACE);
    return new DriverException("kubernetes: " + kind + " " + kubernetesNamespace + "/" + name + " exists and is "
        + (owner == null ? "not managed by vamp" : "owned by vamp namespace '" + owner + "' (workload "
            + Observation.annotations(live).get(Marks.WORKLOAD_ID) + ")")
        + "; this daemon (namespace '" + namespace + "') leaves it alone", false);
  }

  // ------------------------------------------------------------------ remove

  @Override
  public void remove(WorkloadId id) {
    open();
    String name = name(id);
    // the Service first: a crash in between leaves a Deployment the daemon still sees and removes again
    Service service = ownedOrNull(cache.service(name), id);
    if (service != null) {
      delete(id, "Service", name, () -> client.services().inNamespace(kubernetesNamespace).withName(name)
          .delete());
      cache.wroteService(name, service, null);
    }
    Deployment deployment = ownedOrNull(cache.deployment(name), id);
    if (deployment != null) {
      delete(id, "Deployment", name, () -> client.apps().deployments().inNamespace(kubernetesNamespace)
          .withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
      cache.wroteDeployment(name, deployment, null);
    }
    drift.remove(name);
    if (service != null || deployment != null) {
      LOG.info("event=removed namespace={} workload={} name={}", namespace, id, name);
    }
  }

  private void delete(WorkloadId id, String kind, String name, Runnable delete) {
    try {
      delete.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw KubernetesErrors.of("delete " + kind + " " + kubernetesNamespace + "/" + name + " of " + id, e);
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The object name of a workload, remembered (it is asked for on every observation). */
  private String name(WorkloadId id) {
    return names.computeIfAbsent(id, Names::objectName);
  }

  private <T extends HasMetadata> T ownedOrNull(T object, WorkloadId id) {
    return object != null && Marks.owned(object, namespace, namespaceLabel, Optional.of(id)) ? object : null;
  }

  private Optional<WorkloadId> owned(HasMetadata object) {
    if (!Marks.owned(object, namespace, namespaceLabel, Optional.empty())) {
      return Optional.empty();
    }
    return Marks.workloadId(object).filter(id -> name(id).equals(object.getMetadata().getName()));
  }

  private void open() {
    if (closed) {
      throw new DriverException("kubernetes scheduler of namespace " + namespace + " is closed", false);
    }
  }

  /** Stops watching. Workloads keep running: a restarted daemon takes them over. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    writes.shutdown();
    cache.close();
    if (ownsClient) {
      client.close();
    }
  }
}
