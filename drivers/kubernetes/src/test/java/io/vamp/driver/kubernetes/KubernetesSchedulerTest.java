package io.vamp.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.vamp.driver.kubernetes.standin.KubernetesStandIn;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerFactory;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's own behaviour against the stand-in (fabric8's mock API server with simulated controllers). */
class KubernetesSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static KubernetesStandIn standIn;

  @TempDir
  Path data;

  private final List<Scheduler> schedulers = new ArrayList<>();
  private String namespace;
  private KubernetesClient k8s;

  @BeforeAll
  static void start() {
    standIn = KubernetesStandIn.start();
  }

  @AfterAll
  static void stop() {
    standIn.close();
  }

  @BeforeEach
  void freshNamespace() {
    namespace = "test-" + UUID.randomUUID().toString().substring(0, 6);
    k8s = standIn.client();
    standIn.controllers().podStartDelay(Duration.ZERO).neverReady(d -> false);
  }

  @AfterEach
  void removeAll() {
    for (Scheduler s : schedulers) {
      try {
        s.observe().forEach(o -> s.remove(o.id()));
        s.close();
      } catch (RuntimeException ignored) {
        // closed by the test
      }
    }
  }

  private KubernetesScheduler scheduler() {
    return scheduler(Map.of());
  }

  private KubernetesScheduler scheduler(Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>(standIn.driverSettings());
    settings.putAll(extra);
    KubernetesScheduler s = (KubernetesScheduler) new KubernetesSchedulerFactory()
        .create(new DriverConfig(namespace, data, Optional.of(standIn.url()), settings));
    schedulers.add(s);
    return s;
  }

  private static ObservedWorkload settled(Scheduler s, WorkloadId id, String digest) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
      ObservedWorkload o = s.observe(id).orElseThrow();
      assertThat(o.digest()).isEqualTo(digest);
      assertThat(s.readiness(id).ready()).as(s.readiness(id).message()).isTrue();
      assertThat(o.instances()).hasSize(o.wantedInstances()).allMatch(i -> i.runs(digest));
    });
    return s.observe(id).orElseThrow();
  }

  private Deployment live(WorkloadId id) {
    return k8s.apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE)
        .withName(Names.objectName(id)).get();
  }

  private void editLive(WorkloadId id, java.util.function.UnaryOperator<Deployment> edit) {
    k8s.apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(Names.objectName(id))
        .edit(edit);
  }

  @Test
  void theFactoryIsFoundByName() {
    assertThat(Drivers.find(SchedulerFactory.class, "kubernetes")).isInstanceOf(KubernetesSchedulerFactory.class);
  }

  @Test
  void anImageEditedByHandIsReportedAsDriftAndPutBackByTheNextDeploy() {
    KubernetesScheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    s.deploy(w);
    ObservedWorkload before = settled(s, w.id(), w.digest());

    editLive(w.id(), d -> new DeploymentBuilder(d).editSpec().editTemplate().editSpec().editFirstContainer()
        .withImage("registry.example.com/sava:hacked").endContainer().endSpec().endTemplate().endSpec().build());

    await().atMost(WAIT).until(() -> s.observe(w.id()).orElseThrow().digest().equals("drift:" + w.digest()));
    assertThat(s.observe()).extracting(ObservedWorkload::digest).containsExactly("drift:" + w.digest());

    s.deploy(w);
    assertThat(live(w.id()).getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("registry.example.com/sava:1.0.0");
    ObservedWorkload after = settled(s, w.id(), w.digest());
    assertThat(after.instances()).extracting(Instance::name)
        .containsExactlyInAnyOrderElementsOf(before.instances().stream().map(Instance::name).toList());
  }

  @Test
  void replicasChangedByHandAreDriftAndARemovedServiceIsRecreated() {
    KubernetesScheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    s.deploy(w);
    settled(s, w.id(), w.digest());

    editLive(w.id(), d -> new DeploymentBuilder(d).editSpec().withReplicas(5).endSpec().build());
    await().atMost(WAIT).until(() -> s.observe(w.id()).orElseThrow().digest().startsWith("drift:"));
    s.deploy(w);
    assertThat(live(w.id()).getSpec().getReplicas()).isEqualTo(2);
    settled(s, w.id(), w.digest());

    k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(Names.objectName(w.id())).delete();
    await().atMost(WAIT).until(() -> s.observe(w.id()).orElseThrow().digest().startsWith("drift:"));
    assertThat(s.readiness(w.id()).ready()).isFalse();
    s.deploy(w);
    settled(s, w.id(), w.digest());
  }

  @Test
  void labelsAndAnnotationsOthersAddAreKeptAndAreNoDrift() {
    KubernetesScheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 1);
    s.deploy(w);
    settled(s, w.id(), w.digest());
    editLive(w.id(), d -> new DeploymentBuilder(d).editMetadata().addToAnnotations("team.example.com/owner", "a")
        .addToLabels("cost-center", "42").endMetadata().build());
    await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> s.observe(w.id()).orElseThrow().digest()
        .equals(w.digest()));

    Workload changed = TestWorkloads.web(w.id(), new TreeMap<>(Map.of("GREETING", "bonjour")), 1);
    s.deploy(changed);
    settled(s, w.id(), changed.digest());
    assertThat(live(w.id()).getMetadata().getAnnotations()).containsEntry("team.example.com/owner", "a");
    assertThat(live(w.id()).getMetadata().getLabels()).containsEntry("cost-center", "42");
  }

  @Test
  void anAutoscalerOwnsTheReplicas() {
    KubernetesScheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    s.deploy(w);
    settled(s, w.id(), w.digest());
    k8s.autoscaling().v2().horizontalPodAutoscalers().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE)
        .resource(new HorizontalPodAutoscalerBuilder().withNewMetadata().withName("shop-hpa").endMetadata()
            .withNewSpec().withMinReplicas(1).withMaxReplicas(10)
            .withNewScaleTargetRef().withApiVersion("apps/v1").withKind("Deployment")
            .withName(Names.objectName(w.id())).endScaleTargetRef().endSpec().build())
        .create();
    try {
      // what the autoscaler does: scale the Deployment
      editLive(w.id(), d -> new DeploymentBuilder(d).editSpec().withReplicas(4).endSpec().build());
      await().atMost(WAIT).untilAsserted(() -> {
        ObservedWorkload o = s.observe(w.id()).orElseThrow();
        assertThat(o.digest()).isEqualTo(w.digest());
        assertThat(o.wantedInstances()).isEqualTo(4);
        assertThat(s.readiness(w.id()).ready()).isTrue();
      });

      s.deploy(w);
      assertThat(live(w.id()).getSpec().getReplicas()).isEqualTo(4);
      Workload changed = TestWorkloads.web(w.id(), new TreeMap<>(Map.of("GREETING", "hej")), 3);
      s.deploy(changed);
      assertThat(live(w.id()).getSpec().getReplicas()).isEqualTo(4);
      ObservedWorkload o = settled(s, w.id(), changed.digest());
      assertThat(o.wantedInstances()).isEqualTo(4);
    } finally {
      k8s.autoscaling().v2().horizontalPodAutoscalers().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE)
          .withName("shop-hpa").delete();
    }
  }

  @Test
  void scalingKeepsTheRunningInstances() {
    KubernetesScheduler s = scheduler();
    Workload two = TestWorkloads.web("shop", 2);
    s.deploy(two);
    ObservedWorkload before = settled(s, two.id(), two.digest());
    Workload three = TestWorkloads.web("shop", 3);
    s.deploy(three);
    ObservedWorkload after = settled(s, three.id(), three.digest());
    assertThat(after.instances()).extracting(Instance::name)
        .containsAll(before.instances().stream().map(Instance::name).toList()).hasSize(3);
    assertThat(standIn.controllers().pods(Names.objectName(two.id()))).hasSize(3);
  }

  @Test
  void objectsOfOthersWithTheSameNameAreNeitherSeenNorTouched() {
    WorkloadId id = new WorkloadId("shop", "web", "web-1.0.0");
    String name = Names.objectName(id);
    Deployment foreign = new DeploymentBuilder().withNewMetadata().withName(name).addToLabels("app", "theirs")
        .endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "theirs")
        .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "theirs").endMetadata().withNewSpec()
        .addNewContainer().withName("c").withImage("theirs:1").endContainer().endSpec().endTemplate().endSpec().build();
    k8s.apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).resource(foreign).create();
    try {
      KubernetesScheduler s = scheduler();
      assertThat(s.observe()).isEmpty();
      assertThatThrownBy(() -> s.deploy(TestWorkloads.web(id, new TreeMap<>(), 1)))
          .isInstanceOf(DriverException.class).hasMessageContaining("not managed by vamp")
          .satisfies(e -> assertThat(((DriverException) e).retryable()).isFalse());
      s.remove(id);
      assertThat(live(id).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("theirs:1");
    } finally {
      k8s.apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(name).delete();
    }
  }

  @Test
  void observingIsServedFromTheWatchCacheWithoutRequests() {
    KubernetesScheduler s = scheduler();
    for (int i = 0; i < 5; i++) {
      s.deploy(TestWorkloads.web("shop" + i, 1));
    }
    await().atMost(WAIT).until(() -> s.observe().stream().allMatch(o -> o.readiness().ready()));
    // the simulated controllers make requests of their own: wait until they are done
    int[] last = {-1};
    await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> {
      int now = standIn.requestCount();
      boolean quiet = now == last[0];
      last[0] = now;
      return quiet;
    });
    int before = standIn.requestCount();
    for (int i = 0; i < 200; i++) {
      assertThat(s.observe()).hasSize(5);
      s.readiness(new WorkloadId("shop0", "web", "web-1.0.0"));
    }
    assertThat(standIn.requestCount() - before).as("requests made by 200 observe() calls").isZero();
  }

  @Test
  void instancesAreReachedThroughTheServiceOrThePods() {
    Workload w = TestWorkloads.web("shop", 2);
    KubernetesScheduler byService = scheduler();
    byService.deploy(w);
    ObservedWorkload service = settled(byService, w.id(), w.digest());
    assertThat(service.instances()).allSatisfy(i -> {
      assertThat(i.host()).isEqualTo(Names.objectName(w.id()) + ".vamp.svc.cluster.local");
      assertThat(i.ports()).isEqualTo(Map.of("web", 8080));
    });
    byService.close();

    KubernetesScheduler byPod = scheduler(Map.of("instance-address", "pod"));
    ObservedWorkload pods = settled(byPod, w.id(), w.digest());
    assertThat(pods.instances()).extracting(Instance::host).allMatch(h -> h.startsWith("10.244."))
        .doesNotHaveDuplicates();
    assertThat(pods.instances()).extracting(Instance::name).allMatch(n -> n.startsWith(Names.objectName(w.id())));
  }

  @Test
  void readinessFollowsTheRolloutAndOldPodsKeepServingUntilTheNewAreReady() {
    KubernetesScheduler s = scheduler();
    Workload first = TestWorkloads.web("shop", 2);
    s.deploy(first);
    settled(s, first.id(), first.digest());

    standIn.controllers().neverReady(d -> true);
    Workload broken = TestWorkloads.web(first.id(), new TreeMap<>(Map.of("GREETING", "broken")), 2);
    s.deploy(broken);
    await().atMost(WAIT).untilAsserted(() -> {
      ObservedWorkload o = s.observe(first.id()).orElseThrow();
      assertThat(o.digest()).isEqualTo(broken.digest());
      Map<Boolean, Long> byDigest = o.instances().stream()
          .collect(Collectors.partitioningBy(i -> i.runs(broken.digest()), Collectors.counting()));
      assertThat(byDigest).containsEntry(true, 2L).containsEntry(false, 2L);
      assertThat(o.instances().stream().filter(i -> !i.runs(broken.digest()))).allMatch(Instance::ready);
    });
    assertThat(s.readiness(first.id()).ready()).isFalse();
    assertThat(s.readiness(first.id()).message()).contains("0/2 instances ready", "rollout:");

    standIn.controllers().neverReady(d -> false);
    s.deploy(first);
    settled(s, first.id(), first.digest());
  }

  @Test
  void anUnknownDialectKeyIsRefusedBeforeAnythingIsWritten() {
    KubernetesScheduler s = scheduler();
    WorkloadId id = new WorkloadId("shop", "web", "web-1.0.0");
    Workload w = TestWorkloads.web(id, new TreeMap<>(), 1, TestWorkloads.kubernetes(Map.of("hostPID", true)));
    assertThatThrownBy(() -> s.deploy(w)).isInstanceOf(DriverException.class)
        .hasMessageContaining("kubernetes dialect: hostPID: unknown key");
    assertThat(live(id)).isNull();
    assertThat(s.observe()).isEmpty();
  }

  @Test
  void aRemovedWorkloadTakesItsDeploymentServiceAndPodsAlong() {
    KubernetesScheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    s.deploy(w);
    settled(s, w.id(), w.digest());
    s.remove(w.id());
    assertThat(s.observe(w.id())).isEmpty();
    assertThat(live(w.id())).isNull();
    assertThat(k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE)
        .withName(Names.objectName(w.id())).get()).isNull();
    await().atMost(WAIT).until(() -> standIn.controllers().pods(Names.objectName(w.id())).isEmpty());
  }

  @Test
  void aRestartedSchedulerTakesOverWhatRuns() {
    KubernetesScheduler first = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    first.deploy(w);
    ObservedWorkload before = settled(first, w.id(), w.digest());
    first.close();
    assertThatThrownBy(first::observe).isInstanceOf(DriverException.class);

    KubernetesScheduler second = scheduler();
    assertThat(second.observe()).containsExactly(before);
    second.deploy(w);
    assertThat(live(w.id()).getMetadata().getGeneration()).isEqualTo(1L);
  }

  private Service gatewayService(String name) {
    return k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(name).get();
  }

  private static KubernetesGatewayExposure exposure(KubernetesScheduler s) {
    return (KubernetesGatewayExposure) s.gatewayExposure().orElseThrow();
  }

  private static TreeMap<String, Integer> ports(Object... nameAndPort) {
    TreeMap<String, Integer> out = new TreeMap<>();
    for (int i = 0; i < nameAndPort.length; i += 2) {
      out.put((String) nameAndPort[i], (Integer) nameAndPort[i + 1]);
    }
    return out;
  }

  @Test
  void gatewaysAreExposedThroughOneServiceKeepingNodePorts() {
    String name = "gw-" + namespace;
    KubernetesScheduler s = scheduler(Map.of("gateway-service-name", name));
    KubernetesGatewayExposure exposure = exposure(s);
    assertThat(exposure.expose(ports("sava/web", 9050, "orders/api", 9060))).as("created").isTrue();
    Service live = gatewayService(name);
    assertThat(live.getSpec().getType()).isEqualTo("NodePort");
    assertThat(live.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "vamp-gateway-agent");
    assertThat(live.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getPort() + ":"
        + p.getTargetPort().getIntVal()).containsExactly("gw-9050:9050:9050", "gw-9060:9060:9060");
    assertThat(live.getMetadata().getAnnotations())
        .containsEntry(KubernetesGatewayExposure.GATEWAYS, "{\"9050\":\"sava/web\",\"9060\":\"orders/api\"}");
    assertThat(s.observe()).as("the gateway Service is no workload").isEmpty();

    // the API server assigns node ports; the mock does not, so do what it would
    k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(name).edit(svc ->
        new ServiceBuilder(svc).editSpec().editFirstPort().withNodePort(30950).endPort().endSpec().build());
    assertThat(exposure.expose(ports("sava/web", 9050))).as("a port withdrawn").isTrue();
    assertThat(gatewayService(name).getSpec().getPorts())
        .extracting(p -> p.getName() + ":" + p.getPort() + ":" + p.getNodePort())
        .as("the port that stays keeps its node port").containsExactly("gw-9050:9050:30950");

    assertThat(exposure.unexpose()).isTrue();
    assertThat(gatewayService(name)).isNull();
    assertThat(exposure.unexpose()).as("nothing left to remove").isFalse();
  }

  @Test
  void gatewayExposureWritesNothingWhenTheServiceAlreadyExposesThosePorts() {
    String name = "gw-" + namespace;
    KubernetesScheduler s = scheduler(Map.of("gateway-service-name", name, "gateway-service-type", "LoadBalancer"));
    assertThat(exposure(s).expose(ports("sava/web", 9050, "orders/api", 9060))).isTrue();
    String version = gatewayService(name).getMetadata().getResourceVersion();
    // what the API server and others add does not count: node ports, a clusterIP, foreign marks
    k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(name).edit(svc ->
        new ServiceBuilder(svc).editMetadata().addToLabels("team", "edge").addToAnnotations("note", "x").endMetadata()
            .editSpec().withClusterIP("10.0.0.7").editFirstPort().withNodePort(30950).endPort().endSpec().build());
    String edited = gatewayService(name).getMetadata().getResourceVersion();
    assertThat(edited).isNotEqualTo(version);
    assertThat(exposure(s).unchanged(gatewayService(name), new TreeMap<>(Map.of(9050, "sava/web", 9060, "orders/api"))))
        .isTrue();
    assertThat(exposure(s).expose(ports("orders/api", 9060, "sava/web", 9050))).as("unchanged").isFalse();
    assertThat(gatewayService(name).getMetadata().getResourceVersion()).as("nothing written").isEqualTo(edited);

    // each of our fields edited by hand is put back
    List<java.util.function.UnaryOperator<Service>> edits = List.of(
        svc -> new ServiceBuilder(svc).editSpec().withType("NodePort").endSpec().build(),
        svc -> new ServiceBuilder(svc).editSpec().withSelector(Map.of("app", "other")).endSpec().build(),
        svc -> new ServiceBuilder(svc).editSpec().editFirstPort().withTargetPort(new IntOrString(80)).endPort()
            .endSpec().build(),
        svc -> new ServiceBuilder(svc).editSpec().removeFromPorts(svc.getSpec().getPorts().get(1)).endSpec().build(),
        svc -> new ServiceBuilder(svc).editMetadata().addToAnnotations(KubernetesGatewayExposure.GATEWAYS, "{}")
            .endMetadata().build());
    for (var edit : edits) {
      k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(name).edit(edit);
      assertThat(exposure(s).unchanged(gatewayService(name), new TreeMap<>(Map.of(9050, "sava/web", 9060,
          "orders/api")))).as("an edit of ours is a change").isFalse();
      // decided from the watch cache: put back once the watch has seen the edit
      await().atMost(WAIT).until(() -> exposure(s).expose(ports("orders/api", 9060, "sava/web", 9050)));
      Service live = gatewayService(name);
      assertThat(live.getSpec().getType()).isEqualTo("LoadBalancer");
      assertThat(live.getSpec().getSelector()).isEqualTo(Map.of("app.kubernetes.io/name", "vamp-gateway-agent"));
      assertThat(live.getSpec().getPorts()).extracting(p -> p.getName() + ":" + p.getTargetPort().getIntVal())
          .containsExactly("gw-9050:9050", "gw-9060:9060");
      assertThat(live.getMetadata().getAnnotations()).containsEntry(KubernetesGatewayExposure.GATEWAYS,
          "{\"9050\":\"sava/web\",\"9060\":\"orders/api\"}").containsEntry("note", "x");
      assertThat(live.getMetadata().getLabels()).containsEntry("team", "edge");
    }
  }

  @Test
  void noGatewayServiceWithTypeNoneAndOursIsRemoved() {
    String name = "gw-" + namespace;
    assertThat(exposure(scheduler(Map.of("gateway-service-name", name))).expose(ports("sava/web", 9050))).isTrue();
    assertThat(gatewayService(name)).isNotNull();

    KubernetesScheduler none = scheduler(Map.of("gateway-service-name", name, "gateway-service-type", "None"));
    await().atMost(WAIT).until(() -> exposure(none).expose(ports("sava/web", 9050)));
    assertThat(gatewayService(name)).as("ours is removed").isNull();
    assertThat(exposure(none).expose(ports("sava/web", 9050))).as("and none is made").isFalse();
    assertThat(gatewayService(name)).isNull();
  }

  @Test
  void noGatewaysNoService() {
    String name = "gw-" + namespace;
    KubernetesScheduler s = scheduler(Map.of("gateway-service-name", name));
    assertThat(exposure(s).expose(ports())).as("nothing to expose, nothing made").isFalse();
    assertThat(gatewayService(name)).isNull();
    assertThat(exposure(s).expose(ports("sava/web", 9050))).isTrue();
    assertThat(exposure(s).expose(ports())).as("the last gateway gone: the Service goes").isTrue();
    assertThat(gatewayService(name)).isNull();
  }

  @Test
  void someoneElsesGatewayServiceIsNeitherChangedNorRemoved() {
    String name = "gw-" + namespace;
    k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).resource(new ServiceBuilder()
        .withNewMetadata().withName(name).addToLabels("team", "edge").endMetadata()
        .withNewSpec().withType("NodePort").addNewPort().withPort(80).endPort().endSpec().build()).create();
    assertThatThrownBy(() -> exposure(scheduler(Map.of("gateway-service-name", name))).expose(ports("sava/web", 9050)))
        .isInstanceOf(DriverException.class).hasMessageContaining("not this daemon's")
        .matches(e -> !((DriverException) e).retryable(), "not retryable");
    assertThat(exposure(scheduler(Map.of("gateway-service-name", name, "gateway-service-type", "None")))
        .expose(ports("sava/web", 9050))).isFalse();
    assertThat(gatewayService(name).getSpec().getPorts()).extracting(p -> p.getPort()).containsExactly(80);
    k8s.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(name).delete();
  }

  @Test
  void aKubeconfigContextChoosesTheServerAndTheNamespace() throws Exception {
    Path kubeconfig = data.resolve("kubeconfig");
    java.nio.file.Files.writeString(kubeconfig, String.join("\n",
        "apiVersion: v1",
        "kind: Config",
        "current-context: elsewhere",
        "clusters:",
        "- name: stand-in",
        "  cluster: { server: \"" + standIn.url() + "\" }",
        "- name: nowhere",
        "  cluster: { server: \"http://127.0.0.1:1\" }",
        "contexts:",
        "- name: stand-in",
        "  context: { cluster: stand-in, user: tester, namespace: " + KubernetesStandIn.KUBERNETES_NAMESPACE + " }",
        "- name: elsewhere",
        "  context: { cluster: nowhere, user: tester, namespace: other }",
        "users:",
        "- name: tester",
        "  user: { token: not-checked-by-the-mock }",
        ""));
    KubernetesScheduler s = (KubernetesScheduler) new KubernetesSchedulerFactory().create(new DriverConfig(namespace,
        data, Optional.empty(), Map.of("kubeconfig", kubeconfig.toString(), "context", "stand-in",
            "sync-timeout", "10s")));
    schedulers.add(s);
    assertThat(s.kubernetesNamespace()).isEqualTo(KubernetesStandIn.KUBERNETES_NAMESPACE);
    Workload w = TestWorkloads.web("shop", 1);
    s.deploy(w);
    assertThat(live(w.id())).isNotNull();
  }

  @Test
  void unknownOrInvalidSettingsAreRefused() {
    assertThatThrownBy(() -> scheduler(Map.of("namespaces", "x"))).hasMessageContaining("unknown setting 'namespaces'");
    assertThatThrownBy(() -> scheduler(Map.of("instance-address", "node"))).hasMessageContaining("instance-address");
    assertThatThrownBy(() -> scheduler(Map.of("namespace", "Not_Valid"))).hasMessageContaining("namespace");
    assertThatThrownBy(() -> scheduler(Map.of("request-timeout", "soon"))).hasMessageContaining("request-timeout");
    assertThatThrownBy(() -> scheduler(Map.of("gateway-service-type", "none")))
        .hasMessage("kubernetes scheduler: setting 'gateway-service-type' is 'none'; expected NodePort, LoadBalancer"
            + " or None (no Service: the agents are reached some other way)");
    assertThatThrownBy(() -> scheduler(Map.of("gateway-service-type", "ClusterIP")))
        .hasMessageContaining("gateway-service-type").hasMessageContaining("ClusterIP");
  }
}
