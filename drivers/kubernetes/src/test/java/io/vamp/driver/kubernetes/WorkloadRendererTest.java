package io.vamp.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkloadRendererTest {
  private static final WorkloadId ID = new WorkloadId("sava", "sava", "sava:1.0.0");

  private static WorkloadRenderer renderer(Map<String, String> settings) {
    Map<String, String> all = new LinkedHashMap<>(settings);
    return new WorkloadRenderer("team-a", "apps",
        KubernetesSettings.from(new DriverConfig("team-a", Path.of("."), Optional.empty(), all)));
  }

  private static Workload sava(Dialects dialects) {
    return TestWorkloads.web(ID, new TreeMap<>(Map.of("GREETING", "hello", "DB_PASSWORD", "s3cret")), 2, dialects);
  }

  /** Sorted keys, indented; the applied annotation (JSON in a string) is shown as JSON too. */
  private static String pretty(Object o) {
    try {
      var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
      var tree = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(WorkloadRenderer.canonical(o));
      var annotations = (com.fasterxml.jackson.databind.node.ObjectNode) tree.path("metadata").path("annotations");
      if (annotations.has(Marks.APPLIED)) {
        annotations.set(Marks.APPLIED, mapper.readTree(annotations.get(Marks.APPLIED).asText()));
      }
      Object sorted = mapper.treeToValue(tree, Object.class);
      return mapper.copy().enable(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .writerWithDefaultPrettyPrinter().writeValueAsString(sorted).replace("\r", "") + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aWorkloadBecomesTheGoldenDeploymentAndService() {
    WorkloadRenderer.Rendered r = renderer(Map.of()).render(sava(Dialects.NONE), false);
    assertThat(r.name()).isEqualTo(Names.objectName(ID));
    Golden.assertMatches("sava-deployment.json", pretty(r.deployment()));
    Golden.assertMatches("sava-service.json", pretty(r.service()));
  }

  @Test
  void theKubernetesDialectIsMergedIntoThePodSpec() {
    Map<String, Object> dialect = new LinkedHashMap<>();
    dialect.put("serviceAccountName", "sava");
    dialect.put("nodeSelector", Map.of("disk", "ssd"));
    dialect.put("tolerations", List.of(Map.of("key", "dedicated", "operator", "Equal", "value", "web",
        "effect", "NoSchedule")));
    dialect.put("imagePullSecrets", List.of("registry", Map.of("name", "other")));
    dialect.put("labels", Map.of("team", "a"));
    dialect.put("annotations", Map.of("prometheus.io/scrape", "true"));
    dialect.put("resources", Map.of("limits", Map.of("cpu", "1", "nvidia.com/gpu", 1), "requests",
        Map.of("ephemeral-storage", "1Gi")));
    dialect.put("volumes", List.of(Map.of("name", "tmp", "emptyDir", Map.of())));
    dialect.put("container", Map.of("imagePullPolicy", "Always", "args", List.of("--verbose"),
        "volumeMounts", List.of(Map.of("name", "tmp", "mountPath", "/tmp")),
        "env", List.of(Map.of("name", "TOKEN", "valueFrom",
            Map.of("secretKeyRef", Map.of("name", "sava", "key", "token"))))));
    dialect.put("strategy", Map.of("type", "RollingUpdate", "rollingUpdate", Map.of("maxSurge", "50%",
        "maxUnavailable", 0)));
    WorkloadRenderer.Rendered r = renderer(Map.of()).render(sava(TestWorkloads.kubernetes(dialect)), false);
    Golden.assertMatches("sava-dialect-deployment.json", pretty(r.deployment()));
  }

  @Test
  void theTemplateHashIgnoresReplicasSoScalingRestartsNothing() {
    WorkloadRenderer renderer = renderer(Map.of());
    var two = renderer.render(TestWorkloads.web(ID, new TreeMap<>(), 2), false);
    var five = renderer.render(TestWorkloads.web(ID, new TreeMap<>(), 5), false);
    var changed = renderer.render(TestWorkloads.web(ID, new TreeMap<>(Map.of("A", "b")), 2), false);
    assertThat(Observation.templateHash(two.deployment())).isEqualTo(Observation.templateHash(five.deployment()));
    assertThat(two.digest()).isNotEqualTo(five.digest());
    assertThat(Observation.templateHash(changed.deployment())).isNotEqualTo(Observation.templateHash(two.deployment()));
  }

  @Test
  void autoscaledLeavesReplicasOutOfWhatItApplies() {
    var r = renderer(Map.of()).render(sava(Dialects.NONE), true);
    assertThat(r.deployment().getSpec().getReplicas()).isNull();
    assertThat(r.appliedDeployment()).doesNotContain("\"replicas\"");
  }

  @Test
  void withoutAHealthCheckATcpReadinessProbeWatchesTheFirstPort() {
    Workload w = new Workload(ID, new Deployable(Deployable.Type.DOCKER, "img:1"),
        List.of(new Port("web", 8080, Protocol.HTTP), new Port("admin", 9090, Protocol.TCP)), new TreeMap<>(),
        Resources.DEFAULT, List.of(), List.of(), Dialects.NONE, List.of());
    Container c = renderer(Map.of()).render(w, false).deployment().getSpec().getTemplate().getSpec()
        .getContainers().get(0);
    assertThat(c.getReadinessProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(8080);
    assertThat(c.getLivenessProbe()).isNull();
    assertThat(c.getResources().getRequests()).isNullOrEmpty();
    assertThat(c.getEnv()).extracting(EnvVar::getName).contains("PORT", "PORT_WEB", "PORT_ADMIN");
  }

  @Test
  void aCommandRunsInTheConfiguredImageAndIsRefusedWithoutOne() {
    Workload w = new Workload(ID, new Deployable(Deployable.Type.COMMAND, "java apps/Sava.java"),
        List.of(new Port("web", 8080, Protocol.HTTP)), new TreeMap<>(), Resources.DEFAULT, List.of(), List.of(),
        Dialects.NONE, List.of());
    Container c = renderer(Map.of("command-image", "eclipse-temurin:17-jre")).render(w, false).deployment()
        .getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("eclipse-temurin:17-jre");
    assertThat(c.getCommand()).containsExactly("/bin/sh", "-c", "java apps/Sava.java");
    assertThatThrownBy(() -> renderer(Map.of()).render(w, false)).isInstanceOf(DriverException.class)
        .hasMessageContaining("command-image").matches(e -> !((DriverException) e).retryable());
  }

  @Test
  void javascriptDeployablesAndUnknownArgumentsAreRefused() {
    Workload js = new Workload(ID, new Deployable(Deployable.Type.JAVASCRIPT, "run()"), List.of(), new TreeMap<>(),
        Resources.DEFAULT, List.of(), List.of(), Dialects.NONE, List.of());
    assertThatThrownBy(() -> renderer(Map.of()).render(js, false)).hasMessageContaining("JavaScript");
    Workload args = new Workload(ID, new Deployable(Deployable.Type.DOCKER, "img"), List.of(), new TreeMap<>(),
        Resources.DEFAULT, List.of(), List.of(new Argument("privileged", "true"), new Argument("net", "host")),
        Dialects.NONE, List.of());
    assertThatThrownBy(() -> renderer(Map.of()).render(args, false)).hasMessageContaining("argument 'net'");
    Workload privileged = new Workload(ID, new Deployable(Deployable.Type.DOCKER, "img"), List.of(),
        new TreeMap<>(), Resources.DEFAULT, List.of(), List.of(new Argument("privileged", "true")), Dialects.NONE,
        List.of());
    assertThat(renderer(Map.of()).render(privileged, false).deployment().getSpec().getTemplate().getSpec()
        .getContainers().get(0).getSecurityContext().getPrivileged()).isTrue();
  }

  @Test
  void quantitiesAreWrittenAsTheApiServerKeepsThem() {
    assertThat(WorkloadRenderer.cpu(new BigDecimal("0.2"))).isEqualTo("200m");
    assertThat(WorkloadRenderer.cpu(new BigDecimal("2"))).isEqualTo("2");
    assertThat(WorkloadRenderer.cpu(new BigDecimal("0.0001"))).isEqualTo("1m");
    assertThat(WorkloadRenderer.memory(256)).isEqualTo("256Mi");
    assertThat(WorkloadRenderer.memory(2048)).isEqualTo("2Gi");
  }

  @Test
  void renderingIsDeterministic() {
    var a = renderer(Map.of()).render(sava(Dialects.NONE), false);
    var b = renderer(Map.of()).render(sava(Dialects.NONE), false);
    assertThat(Serialization.asJson(a.deployment())).isEqualTo(Serialization.asJson(b.deployment()));
    assertThat(a.appliedDeployment()).isEqualTo(b.appliedDeployment());
  }
}
