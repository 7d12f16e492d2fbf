package io.vamp.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftTest {

  private static Object live(String json) {
    return Serialization.unmarshal(json, Map.class);
  }

  @Test
  void fieldsAddedByTheServerAreNotEdits() {
    String applied = "{\"replicas\":2,\"template\":{\"spec\":{\"containers\":"
        + "[{\"name\":\"main\",\"image\":\"a:1\"}]}}}";
    Object live = live("{\"replicas\":2,\"revisionHistoryLimit\":10,\"template\":{\"spec\":"
        + "{\"dnsPolicy\":\"ClusterFirst\","
        + "\"containers\":[{\"name\":\"main\",\"image\":\"a:1\",\"imagePullPolicy\":\"IfNotPresent\"}]}}}");
    assertThat(Drift.find(applied, live, false)).isEmpty();
  }

  @Test
  void anEditedImageOrReplicaCountIsFound() {
    String applied = "{\"replicas\":2,\"template\":{\"spec\":{\"containers\":"
        + "[{\"name\":\"main\",\"image\":\"a:1\"}]}}}";
    assertThat(Drift.find(applied, live("{\"replicas\":2,\"template\":{\"spec\":{\"containers\":"
        + "[{\"name\":\"main\",\"image\":\"a:2\"}]}}}"), false))
        .contains("spec.template.spec.containers[0].image: applied \"a:1\", live \"a:2\"");
    assertThat(Drift.find(applied, live("{\"replicas\":5,\"template\":{\"spec\":{\"containers\":"
        + "[{\"name\":\"main\",\"image\":\"a:1\"}]}}}"), false)).contains("spec.replicas: applied 2, live 5");
  }

  @Test
  void replicasOfAnAutoscaledDeploymentAreTheAutoscalers() {
    String applied = "{\"replicas\":2,\"template\":{}}";
    assertThat(Drift.find(applied, live("{\"replicas\":7}"), true)).isEmpty();
  }

  @Test
  void quantitiesCompareByAmountAndNumbersByValue() {
    String applied = "{\"template\":{\"spec\":{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\"500m\","
        + "\"memory\":\"1024Mi\"}},\"ports\":[{\"containerPort\":8080}]}]}}}";
    Object live = live("{\"template\":{\"spec\":{\"containers\":[{\"resources\":{\"requests\":{\"cpu\":\"0.5\","
        + "\"memory\":\"1Gi\"}},\"ports\":[{\"containerPort\":8080.0}]}]}}}");
    assertThat(Drift.find(applied, live, false)).isEmpty();
  }

  @Test
  void aRemovedListEntryOrFieldIsAnEditAndEmptyAppliedMatchesAbsent() {
    String applied = "{\"a\":[1,2],\"b\":{},\"c\":[],\"d\":null}";
    assertThat(Drift.find(applied, live("{\"a\":[1]}"), false)).contains("spec.a: applied [1,2], live [1]");
    assertThat(Drift.find(applied, live("{\"a\":[1,2]}"), false)).isEmpty();
    assertThat(Drift.find("{\"x\":\"y\"}", live("{}"), false)).contains("spec.x: applied \"y\", live absent");
  }

  @Test
  void environmentValuesNeverAppearInTheDescription() {
    String applied = "{\"containers\":[{\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"s3cret\"}]}]}";
    Object live = live("{\"containers\":[{\"env\":[{\"name\":\"DB_PASSWORD\",\"value\":\"other\"}]}]}");
    assertThat(Drift.find(applied, live, false)).hasValueSatisfying(d ->
        assertThat(d).contains("env[0].value").doesNotContain("s3cret").doesNotContain("other"));
  }

  @Test
  void anUnreadableAppliedAnnotationIsDrift() {
    assertThat(Drift.find("{not json", live("{}"), false)).isPresent();
  }
}
