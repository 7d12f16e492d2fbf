package io.vamp.reconciler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vamp.reconciler.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every manifest under deploy/kubernetes parses into typed fabric8 objects and is created in fabric8's
 * mock API server in CRUD mode (the stand-in for a real API server: none can run here); the daemon's
 * RBAC is exactly what the Kubernetes scheduler driver calls; the ConfigMap's vamp.yaml loads through
 * the real configuration loader.
 */
@EnableKubernetesMockClient(crud = true)
class DeployManifestsTest {
  static final Path DEPLOY = Path.of("").toAbsolutePath().getParent().resolve("deploy");
  static final Path KUBERNETES = DEPLOY.resolve("kubernetes");

  KubernetesClient client;

  static List<Path> manifests() throws IOException {
    try (Stream<Path> files = Files.walk(KUBERNETES)) {
      return files.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
    }
  }

  List<HasMetadata> load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return client.load(in).items();
    }
  }

  @Test
  void everyManifestIsTypedAndAppliesToTheMockServer() throws IOException {
    List<Path> files = manifests();
    assertThat(files).hasSizeGreaterThanOrEqualTo(9);
    List<HasMetadata> all = new ArrayList<>();
    for (Path file : files) {
      List<HasMetadata> items = load(file);
      assertThat(items).as(file.toString()).isNotEmpty();
      items.forEach(item -> assertThat(item).as(file + ": " + item.getKind() + " is typed")
          .isNotInstanceOf(GenericKubernetesResource.class));
      all.addAll(items);
    }
    // the namespace first, then the rest; each agent variant is applied on its own (they share names)
    all.sort((a, b) -> Boolean.compare(!(a instanceof Namespace), !(b instanceof Namespace)));
    Set<String> seen = new java.util.HashSet<>();
    for (HasMetadata item : all) {
      String id = item.getKind() + "/" + item.getMetadata().getName();
      if (!seen.add(id)) {
        client.resource(item).delete();
      }
      HasMetadata created = client.resource(item).create();
      assertThat(created.getMetadata().getUid()).as(id).isNotBlank();
    }
    assertThat(client.apps().deployments().inNamespace("vamp").withName("vamp").get()).isNotNull();
    assertThat(client.apps().daemonSets().inNamespace("vamp").withName("vamp-gateway-agent").get()).isNotNull();
    assertThat(client.rbac().roles().inNamespace("vamp").withName("vamp-scheduler").get()).isNotNull();
  }

  @Test
  void daemonDeploymentHasProbesSecretsAsFilesAndTwoReplicas() throws IOException {
    Deployment deployment = (Deployment) load(KUBERNETES.resolve("daemon/deployment.yaml")).get(0);
    // two replicas, one leader elected through the key-value store; a standby is ready, so a rollout
    // that keeps both available completes
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    assertThat(pod.getServiceAccountName()).isEqualTo("vamp");
    Container vamp = pod.getContainers().get(0);
    assertThat(vamp.getArgs()).containsExactly("run", "-c", "/etc/vamp/vamp.yaml");
    assertThat(vamp.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(vamp.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(vamp.getEnv()).noneMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null);
    assertThat(pod.getVolumes()).anyMatch(v -> v.getSecret() != null
        && v.getSecret().getSecretName().equals("vamp-secrets"));
    Service service = (Service) load(KUBERNETES.resolve("daemon/service.yaml")).get(0);
    assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
  }

  @Test
  void rbacIsExactlyWhatTheKubernetesSchedulerCalls() throws IOException {
    List<HasMetadata> items = load(KUBERNETES.resolve("daemon/rbac.yaml"));
    assertThat(items).hasAtLeastOneElementOfType(ServiceAccount.class).hasAtLeastOneElementOfType(RoleBinding.class);
    Role role = items.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
    Map<String, Set<String>> rules = new TreeMap<>();
    for (PolicyRule rule : role.getRules()) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          rules.put(group + "/" + resource, Set.copyOf(rule.getVerbs()));
        }
      }
    }
    Set<String> write = Set.of("get", "list", "watch", "create", "update", "delete");
    Set<String> read = Set.of("get", "list", "watch");
    assertThat(rules).containsExactlyInAnyOrderEntriesOf(Map.of(
        "apps/deployments", write, "/services", write, "/pods", read, "autoscaling/horizontalpodautoscalers", read));
    // and the driver does not call anything else (no patch, no other resource)
    Path driver = DEPLOY.getParent().resolve("drivers/kubernetes/src/main/java/io/vamp/driver/kubernetes");
    String code;
    try (Stream<Path> files = Files.list(driver)) {
      code = files.map(DeployManifestsTest::read).collect(Collectors.joining("\n"));
    }
    assertThat(code).doesNotContain(".patch(", ".edit(", ".serverSideApply(", "configMaps()", "secrets()",
        "namespaces()", "statefulSets()", "events()");
  }

  @Test
  void agentVariantsCarryTheSchedulersGatewaySelectorAndRunVampAgent() throws IOException {
    DaemonSet daemonSet = (DaemonSet) load(KUBERNETES.resolve("agent-daemonset/daemonset.yaml")).get(0);
    Deployment deployment = (Deployment) load(KUBERNETES.resolve("agent-deployment/deployment.yaml")).get(0);
    for (var template : List.of(daemonSet.getSpec().getTemplate(), deployment.getSpec().getTemplate())) {
      // drivers/kubernetes: gateway-selector defaults to app.kubernetes.io/name=vamp-gateway-agent
      assertThat(template.getMetadata().getLabels()).containsEntry("app.kubernetes.io/name", "vamp-gateway-agent");
      Container agent = template.getSpec().getContainers().get(0);
      assertThat(agent.getArgs().get(0)).isEqualTo("agent");
      assertThat(agent.getArgs()).contains("--kv=etcd", "--health-port=1989");
      assertThat(agent.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
      assertThat(template.getSpec().getAutomountServiceAccountToken()).isFalse();
    }
    assertThat(daemonSet.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
    for (String variant : List.of("agent-daemonset", "agent-deployment")) {
      Service service = (Service) load(KUBERNETES.resolve(variant + "/service.yaml")).get(0);
      assertThat(service.getSpec().getType()).isIn("NodePort", "LoadBalancer");
      // the scheduler manages its own Service for gateway ports: this one must not take its name
      assertThat(service.getMetadata().getName()).isNotEqualTo("vamp-gateways");
    }
  }

  @Test
  void configMapLoadsThroughTheRealLoader(@TempDir Path dir) throws IOException {
    List<HasMetadata> items = load(KUBERNETES.resolve("daemon/config.yaml"));
    ConfigMap map = items.stream().filter(ConfigMap.class::isInstance).map(ConfigMap.class::cast).findFirst()
        .orElseThrow();
    Path file = dir.resolve("vamp.yaml");
    Files.writeString(file, map.getData().get("vamp.yaml"), StandardCharsets.UTF_8);
    Config config = Config.load(Optional.of(file), Map.of());
    ConfigExamplesTest.typedValuesParse(config);
    ConfigExamplesTest.driverKeysAreKnown(config);
    Secret secret = items.stream().filter(Secret.class::isInstance).map(Secret.class::cast).findFirst().orElseThrow();
    // every secret file the configuration names is a key of the Secret mounted at /etc/vamp/secrets
    for (String key : secret.getStringData().keySet()) {
      assertThat(map.getData().get("vamp.yaml")).contains("/etc/vamp/secrets/" + key);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
