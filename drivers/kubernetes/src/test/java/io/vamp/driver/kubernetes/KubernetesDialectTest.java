package io.vamp.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.state.WorkloadId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesDialectTest {
  private static final WorkloadId ID = new WorkloadId("shop", "web", "web:1");

  private static KubernetesDialect read(Map<String, Object> tree) {
    return KubernetesDialect.of(ID, new Dialects(Map.of("kubernetes", tree, "marathon", Map.of("x", 1))));
  }

  private static void refused(Map<String, Object> tree, String... fragments) {
    assertThatThrownBy(() -> read(tree)).isInstanceOf(DriverException.class)
        .satisfies(e -> assertThat(((DriverException) e).retryable()).isFalse())
        .hasMessageStartingWith("workload shop/web/web:1: kubernetes dialect: ")
        .hasMessageContainingAll(fragments);
  }

  @Test
  void noDialectAndOtherSchedulersDialectsMeanNothing() {
    assertThat(KubernetesDialect.of(ID, Dialects.NONE)).isEqualTo(KubernetesDialect.NONE);
    assertThat(KubernetesDialect.of(ID, new Dialects(Map.of("marathon", Map.of("cmd", "x")))))
        .isEqualTo(KubernetesDialect.NONE);
  }

  @Test
  void unknownKeysAreRefusedAtEveryDepth() {
    refused(Map.of("hostNetwork", true), "hostNetwork: unknown key", "serviceAccountName");
    refused(Map.of("container", Map.of("ports", List.of())), "container.ports: unknown key");
    refused(Map.of("resources", Map.of("claims", List.of())), "resources.claims: unknown key");
    refused(Map.of("tolerations", List.of(Map.of("key", "a", "operatr", "Exists"))),
        "tolerations[0].operatr", "unknown key 'operatr'", "operator");
    refused(Map.of("affinity", Map.of("nodeAffinity", Map.of("required", Map.of()))),
        "affinity.nodeAffinity.required", "unknown key 'required'");
  }

  @Test
  void wrongShapesAreRefused() {
    refused(Map.of("nodeSelector", List.of("a")), "nodeSelector: expected a map");
    refused(Map.of("serviceAccountName", Map.of()), "serviceAccountName: expected a text");
    refused(Map.of("resources", Map.of("limits", Map.of("cpu", "lots"))), "resources.limits.cpu", "not a quantity");
    refused(Map.of("container", Map.of("imagePullPolicy", "Sometimes")), "container.imagePullPolicy");
    refused(Map.of("terminationGracePeriodSeconds", "soon"), "terminationGracePeriodSeconds");
  }

  @Test
  void theDriversOwnMarksCannotBeOverridden() {
    refused(Map.of("labels", Map.of("vamp.io/namespace", "other")), "labels.vamp.io/namespace", "reserved");
    refused(Map.of("labels", Map.of("app.kubernetes.io/managed-by", "helm")), "reserved");
    refused(Map.of("annotations", Map.of("vamp.io/digest", "x")), "reserved");
    refused(Map.of("labels", Map.of("team", "not a label value")), "labels.team", "not a valid label value");
  }

  @Test
  void aFullDialectIsRead() {
    KubernetesDialect d = read(Map.of(
        "serviceAccountName", "sava",
        "nodeSelector", Map.of("disk", "ssd"),
        "priorityClassName", "high",
        "terminationGracePeriodSeconds", 45,
        "imagePullSecrets", List.of("a", Map.of("name", "b")),
        "container", Map.of("image", "other:2", "command", List.of("run"), "workingDir", "/app")));
    assertThat(d.serviceAccountName()).contains("sava");
    assertThat(d.nodeSelector()).containsEntry("disk", "ssd");
    assertThat(d.terminationGracePeriodSeconds()).contains(45L);
    assertThat(d.imagePullSecrets()).containsExactly("a", "b");
    assertThat(d.container().image()).contains("other:2");
    assertThat(d.container().command()).contains(List.of("run"));
  }
}
