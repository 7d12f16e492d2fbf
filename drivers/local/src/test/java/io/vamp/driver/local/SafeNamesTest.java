package io.vamp.driver.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.state.WorkloadId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafeNamesTest {

  @ParameterizedTest
  @CsvSource({
      "sava, sava, sava:1.0.0, sava+sava+sava_3A1.0.0",
      "a_b, c, d, a_5Fb+c+d",
      "a, b_c, d, a+b_5Fc+d",
      "../x, ., d, .._2Fx+_2E_+d",
      "dé, c, d, d_C3_A9+c+d"})
  void workloadIdsBecomeReadableSafeNames(String deployment, String cluster, String service, String expected) {
    assertThat(SafeNames.of(new WorkloadId(deployment, cluster, service))).isEqualTo(expected);
  }

  @Test
  void differentIdsGetDifferentNames() {
    assertThat(SafeNames.of(new WorkloadId("a+b", "c", "d"))).isNotEqualTo(SafeNames.of(new WorkloadId("a", "b+c", "d")));
    assertThat(SafeNames.of(new WorkloadId("a_2F", "c", "d"))).isNotEqualTo(SafeNames.of(new WorkloadId("a/", "c", "d")));
  }

  @Test
  void longNamesAreCutAndEndInAHash() {
    String a = SafeNames.of(new WorkloadId("x".repeat(300), "c", "a"));
    String b = SafeNames.of(new WorkloadId("x".repeat(300), "c", "b"));

    assertThat(a).hasSize(200).isNotEqualTo(b);
  }

  @ParameterizedTest
  @CsvSource({"web, PORT_WEB", "admin-ui, PORT_ADMIN_UI", "port.8080, PORT_PORT_8080", "ünï, PORT__N_"})
  void portVariablesAreUpperCaseWithUnderscores(String port, String variable) {
    assertThat(SafeNames.portVariable(port)).isEqualTo(variable);
  }
}
