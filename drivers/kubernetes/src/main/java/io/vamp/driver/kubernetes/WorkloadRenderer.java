package io.vamp.driver.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a {@link Workload} into the Deployment and Service that run it. Pure: no I/O, same input same
 * output. What it decides is documented in the module README ("What a workload becomes").
 */
public final class WorkloadRenderer {
  static final String CONTAINER = "main";
  private static final ObjectMapper CANONICAL = Serialization.jsonMapper().copy()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final String namespace;
  private final String namespaceLabel;
  private final String kubernetesNamespace;
  private final KubernetesSettings settings;

  /**
   * @param namespace the daemon's (Vamp) namespace: the ownership mark
   * @param kubernetesNamespace where the objects live
   */
  public WorkloadRenderer(String namespace, String kubernetesNamespace, KubernetesSettings settings) {
    this.namespace = namespace;
    this.namespaceLabel = Names.labelValue(namespace);
    this.kubernetesNamespace = kubernetesNamespace;
    this.settings = settings;
  }

  /**
   * What a workload becomes.
   *
   * @param deployment its Deployment; {@code spec.replicas} is null when {@code autoscaled} (the driver then
   *     keeps the live value)
   * @param appliedDeployment the JSON of what the driver owns in the Deployment's spec (its annotation
   *     {@link Marks#APPLIED}); it leaves out replicas when autoscaled
   */
  public record Rendered(WorkloadId id, String name, String digest, Deployment deployment, Service service,
      String appliedDeployment, String appliedService) {}

  public Rendered render(Workload workload, boolean autoscaled) {
    return render(workload, Names.objectName(workload.id()), autoscaled);
  }

  /** With the workload's object name already known ({@link Names#objectName}). */
  Rendered render(Workload workload, String name, boolean autoscaled) {
    WorkloadId id = workload.id();
    KubernetesDialect dialect = KubernetesDialect.of(id, workload.dialects());
    String digest = workload.digest();

    Map<String, String> selector = new TreeMap<>();
    selector.put(Marks.NAMESPACE, namespaceLabel);
    selector.put(Marks.WORKLOAD, name);
    Map<String, String> labels = new TreeMap<>(dialect.labels());
    labels.put(Marks.MANAGED_BY, Marks.MANAGED_BY_VALUE);
    labels.put(Marks.DEPLOYMENT, Names.labelValue(id.deployment()));
    labels.put(Marks.CLUSTER, Names.labelValue(id.cluster()));
    labels.put(Marks.SERVICE, Names.labelValue(id.service()));
    labels.putAll(selector);

    PodSpec podSpec = podSpec(workload, dialect);
    Map<String, String> podAnnotations = new TreeMap<>(dialect.annotations());
    ObjectMeta podMeta = new ObjectMeta();
    podMeta.setLabels(new TreeMap<>(labels));
    podMeta.setAnnotations(podAnnotations);
    PodTemplateSpec template = new PodTemplateSpec(podMeta, podSpec);
    String templateHash = Names.hash(canonical(template), 10);
    template.getMetadata().getAnnotations().put(Marks.TEMPLATE_HASH, templateHash);

    DeploymentSpec spec = new DeploymentSpec();
    spec.setReplicas(autoscaled ? null : workload.resources().instances());
    spec.setSelector(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder().withMatchLabels(selector).build());
    spec.setTemplate(template);
    dialect.strategy().ifPresent(spec::setStrategy);
    String appliedDeployment = canonical(spec);

    Map<String, Integer> ports = new LinkedHashMap<>();
    workload.ports().forEach(p -> ports.put(p.name(), p.number()));
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(Marks.NAMESPACE, namespace);
    annotations.put(Marks.DEPLOYMENT, id.deployment());
    annotations.put(Marks.CLUSTER, id.cluster());
    annotations.put(Marks.SERVICE, id.service());
    annotations.put(Marks.WORKLOAD_ID, id.toString());
    annotations.put(Marks.DIGEST, digest);
    annotations.put(Marks.PORTS, canonical(ports));

    Map<String, String> deploymentAnnotations = new TreeMap<>(annotations);
    deploymentAnnotations.put(Marks.APPLIED, appliedDeployment);
    // plain setters, not builders: a builder deep-copies the whole tree (and this runs once per deploy)
    Deployment deployment = new Deployment();
    deployment.setMetadata(meta(name, labels, deploymentAnnotations));
    deployment.setSpec(spec);

    ServiceSpec serviceSpec = new ServiceSpec();
    serviceSpec.setType("ClusterIP");
    serviceSpec.setSelector(selector);
    serviceSpec.setPorts(servicePorts(workload.ports()));
    String appliedService = canonical(serviceSpec);
    Map<String, String> serviceAnnotations = new TreeMap<>(annotations);
    serviceAnnotations.put(Marks.APPLIED, appliedService);
    Service service = new Service();
    service.setMetadata(meta(name, labels, serviceAnnotations));
    service.setSpec(serviceSpec);
    return new Rendered(id, name, digest, deployment, service, appliedDeployment, appliedService);
  }

  private ObjectMeta meta(String name, Map<String, String> labels, Map<String, String> annotations) {
    ObjectMeta meta = new ObjectMeta();
    meta.setName(name);
    meta.setNamespace(kubernetesNamespace);
    meta.setLabels(new TreeMap<>(labels));
    meta.setAnnotations(annotations);
    return meta;
  }

  private PodSpec podSpec(Workload workload, KubernetesDialect dialect) {
    PodSpecBuilder pod = new PodSpecBuilder().withContainers(container(workload, dialect));
    dialect.serviceAccountName().ifPresent(pod::withServiceAccountName);
    if (!dialect.nodeSelector().isEmpty()) {
      pod.withNodeSelector(new TreeMap<>(dialect.nodeSelector()));
    }
    if (!dialect.tolerations().isEmpty()) {
      pod.withTolerations(dialect.tolerations());
    }
    dialect.affinity().ifPresent(pod::withAffinity);
    if (!dialect.imagePullSecrets().isEmpty()) {
      pod.withImagePullSecrets(dialect.imagePullSecrets().stream().map(LocalObjectReference::new).toList());
    }
    dialect.priorityClassName().ifPresent(pod::withPriorityClassName);
    dialect.securityContext().ifPresent(pod::withSecurityContext);
    if (!dialect.volumes().isEmpty()) {
      pod.withVolumes(dialect.volumes());
    }
    dialect.terminationGracePeriodSeconds().ifPresent(pod::withTerminationGracePeriodSeconds);
    return pod.build();
  }

  private Container container(Workload workload, KubernetesDialect dialect) {
    WorkloadId id = workload.id();
    KubernetesDialect.Container over = dialect.container();
    ContainerBuilder c = new ContainerBuilder().withName(CONTAINER);
    Deployable deployable = workload.deployable();
    switch (deployable.type()) {
      case DOCKER -> c.withImage(over.image().orElse(deployable.definition()));
      case COMMAND -> {
        String image = over.image().or(settings::commandImage).orElseThrow(() -> new DriverException(
            "workload " + id + ": a command deployable needs an image to run in: give the kubernetes dialect's"
                + " container.image or the driver setting command-image", false));
        c.withImage(image).withCommand("/bin/sh", "-c", deployable.definition());
      }
      case JAVASCRIPT -> throw new DriverException("workload " + id
          + ": a JavaScript deployable (a Vamp workflow) does not run on Kubernetes", false);
    }
    over.imagePullPolicy().or(settings::imagePullPolicy).ifPresent(c::withImagePullPolicy);
    over.command().ifPresent(c::withCommand);
    over.args().ifPresent(c::withArgs);
    over.workingDir().ifPresent(c::withWorkingDir);
    c.withEnv(environment(workload, over.env()));
    if (!over.envFrom().isEmpty()) {
      c.withEnvFrom(over.envFrom());
    }
    if (!over.volumeMounts().isEmpty()) {
      c.withVolumeMounts(over.volumeMounts());
    }
    c.withPorts(containerPorts(workload.ports()));
    c.withResources(resources(workload.resources(), dialect));
    SecurityContext security = securityContext(id, workload.arguments(), over);
    if (security != null) {
      c.withSecurityContext(security);
    }
    probes(workload).forEach((kind, probe) -> {
      if (kind.equals("readiness")) {
        c.withReadinessProbe(probe);
      } else {
        c.withLivenessProbe(probe);
      }
    });
    return c.build();
  }

  private List<EnvVar> environment(Workload workload, List<EnvVar> extra) {
    Map<String, String> env = new TreeMap<>(workload.environment());
    env.put("VAMP_NAMESPACE", namespace);
    env.put("VAMP_WORKLOAD", workload.id().toString());
    if (!workload.ports().isEmpty()) {
      env.put("PORT", Integer.toString(workload.ports().get(0).number()));
    }
    for (Port port : workload.ports()) {
      env.put("PORT_" + port.name().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"),
          Integer.toString(port.number()));
    }
    List<EnvVar> out = new ArrayList<>();
    env.forEach((k, v) -> out.add(new EnvVar(k, v, null)));
    Set<String> names = new TreeSet<>(env.keySet());
    for (EnvVar var : extra) {
      if (!names.add(var.getName())) {
        throw new DriverException("workload " + workload.id() + ": kubernetes dialect: container.env: '"
            + var.getName() + "' is already set by the workload or the driver", false);
      }
      out.add(var);
    }
    return out;
  }

  private static List<ContainerPort> containerPorts(List<Port> ports) {
    return ports.stream().map(p -> new ContainerPortBuilder()
        .withName(Names.containerPortName(p.name()))
        .withContainerPort(p.number())
        .withProtocol("TCP")
        .build()).toList();
  }

  /** Service port names: the breed port names when all are DNS labels, else {@code port-<index>}. */
  private static List<ServicePort> servicePorts(List<Port> ports) {
    boolean named = ports.stream().allMatch(p -> Names.isDnsLabel(p.name()));
    List<ServicePort> out = new ArrayList<>();
    for (int i = 0; i < ports.size(); i++) {
      Port p = ports.get(i);
      out.add(new ServicePortBuilder()
          .withName(named ? p.name() : "port-" + i)
          .withPort(p.number())
          .withTargetPort(new IntOrString(p.number()))
          .withProtocol("TCP")
          .build());
    }
    return out;
  }

  /**
   * Requests from the scale (cpu, memory), a memory limit equal to the memory request and no cpu limit
   * (throttling hurts latency); the dialect's {@code resources} override key by key.
   */
  private static ResourceRequirements resources(Resources resources, KubernetesDialect dialect) {
    Map<String, Quantity> requests = new TreeMap<>();
    Map<String, Quantity> limits = new TreeMap<>();
    if (resources.cpu().signum() > 0) {
      requests.put("cpu", new Quantity(cpu(resources.cpu())));
    }
    if (resources.memoryMb() > 0) {
      Quantity memory = new Quantity(memory(resources.memoryMb()));
      requests.put("memory", memory);
      limits.put("memory", memory);
    }
    requests.putAll(dialect.requests());
    limits.putAll(dialect.limits());
    ResourceRequirements out = new ResourceRequirements();
    if (!requests.isEmpty()) {
      out.setRequests(requests);
    }
    if (!limits.isEmpty()) {
      out.setLimits(limits);
    }
    return out;
  }

  /** CPU in the form the API server keeps: whole cores as a number, else millicores (rounded up). */
  static String cpu(BigDecimal cores) {
    long millis = cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : millis + "m";
  }

  /** MiB in the form the API server keeps: the largest binary suffix that keeps a whole number. */
  static String memory(long mib) {
    if (mib % (1024L * 1024) == 0) {
      return mib / (1024L * 1024) + "Ti";
    }
    if (mib % 1024 == 0) {
      return mib / 1024 + "Gi";
    }
    return mib + "Mi";
  }

  private static SecurityContext securityContext(WorkloadId id, List<Argument> arguments,
      KubernetesDialect.Container over) {
    SecurityContext security = over.securityContext().orElse(null);
    for (Argument argument : arguments) {
      if (!argument.key().equals("privileged")) {
        throw new DriverException("workload " + id + ": argument '" + argument.key()
            + "' has no Kubernetes equivalent (only 'privileged' has); use the kubernetes dialect", false);
      }
      if (!argument.value().matches("true|false")) {
        throw new DriverException("workload " + id + ": argument 'privileged' must be true or false, found '"
            + argument.value() + "'", false);
      }
      security = new SecurityContextBuilder(security == null ? new SecurityContext() : security)
          .withPrivileged(Boolean.parseBoolean(argument.value())).build();
    }
    return security;
  }

  /**
   * From the first health check: a readiness and a liveness probe (HTTP GET path on the port, with its
   * initial delay, interval, timeout and failures). Without a health check: a TCP readiness probe on the
   * first port. Without ports: none.
   */
  private static Map<String, Probe> probes(Workload workload) {
    Map<String, Probe> out = new LinkedHashMap<>();
    if (!workload.healthChecks().isEmpty()) {
      HealthCheck check = workload.healthChecks().get(0);
      Port port = workload.ports().stream().filter(p -> p.name().equals(check.port())).findFirst()
          .orElseThrow(() -> new DriverException("workload " + workload.id() + ": health check port '"
              + check.port() + "' is not a port of the workload", false));
      Probe probe = new ProbeBuilder()
          .withNewHttpGet()
          .withPath(check.path())
          .withPort(new IntOrString(port.number()))
          .withScheme(check.protocol().equalsIgnoreCase("HTTPS") ? "HTTPS" : "HTTP")
          .endHttpGet()
          .withInitialDelaySeconds(seconds(check.initialDelay(), 0))
          .withPeriodSeconds(seconds(check.interval(), 1))
          .withTimeoutSeconds(seconds(check.timeout(), 1))
          .withFailureThreshold(Math.max(1, check.failures()))
          .withSuccessThreshold(1)
          .build();
      out.put("readiness", probe);
      out.put("liveness", new ProbeBuilder(probe).build());
    } else if (!workload.ports().isEmpty()) {
      out.put("readiness", new ProbeBuilder()
          .withNewTcpSocket().withPort(new IntOrString(workload.ports().get(0).number())).endTcpSocket()
          .withPeriodSeconds(2)
          .withFailureThreshold(3)
          .withSuccessThreshold(1)
          .withTimeoutSeconds(1)
          .build());
    }
    return out;
  }

  private static int seconds(Duration duration, int minimum) {
    long s = duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0);
    return (int) Math.max(minimum, Math.min(Integer.MAX_VALUE, s));
  }

  /**
   * Deterministic JSON of a model object: fabric8's property order (fixed by its model classes), map
   * entries sorted by key, no nulls. Written directly, without an intermediate tree (it is on the path
   * of every deploy).
   */
  static String canonical(Object value) {
    try {
      return CANONICAL.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
