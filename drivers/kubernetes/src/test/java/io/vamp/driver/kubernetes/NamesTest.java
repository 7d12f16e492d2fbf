package io.vamp.driver.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.state.WorkloadId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NamesTest {

  private static final String DNS_1035 = "[a-z]([-a-z0-9]*[a-z0-9])?";

  @Test
  void plainLowercasePartsAreJoinedAsTheyAre() {
    assertThat(Names.objectName(new WorkloadId("shop", "web", "sava"))).isEqualTo("shop-web-sava");
  }

  @Test
  void aNameThatHadToChangeEndsInAHashOfTheOriginal() {
    String name = Names.objectName(new WorkloadId("Shop", "web", "sava:1.0.0"));
    assertThat(name).matches(DNS_1035).startsWith("shop-web-sava-1-0-0-").hasSize("shop-web-sava-1-0-0-".length() + 10);
    assertThat(Names.objectName(new WorkloadId("Shop", "web", "sava:1.0.0"))).isEqualTo(name);
  }

  @Test
  void hyphensInPartsCannotMakeTwoWorkloadsShareAName() {
    String a = Names.objectName(new WorkloadId("a-b", "c", "d"));
    String b = Names.objectName(new WorkloadId("a", "b-c", "d"));
    assertThat(a).isNotEqualTo(b).matches(DNS_1035);
    assertThat(b).matches(DNS_1035);
  }

  @Test
  void longAndStrangeNamesBecomeValidServiceNamesOfAtMost63Characters() {
    List<WorkloadId> ids = List.of(
        new WorkloadId("x".repeat(80), "y".repeat(80), "z".repeat(80)),
        new WorkloadId("9lives", "c", "s"),
        new WorkloadId("___", "...", "é"),
        new WorkloadId("UPPER", "Case", "Name_With_Underscores"),
        new WorkloadId("a", "b", "-leading-and-trailing-"));
    Set<String> seen = new HashSet<>();
    for (WorkloadId id : ids) {
      String name = Names.objectName(id);
      assertThat(name).as("%s", id).matches(DNS_1035).hasSizeLessThanOrEqualTo(63);
      assertThat(seen.add(name)).isTrue();
    }
  }

  @Test
  void labelValuesAreKeptWhenValidAndHashedOtherwise() {
    assertThat(Names.labelValue("sava_1.0.0")).isEqualTo("sava_1.0.0");
    assertThat(Names.labelValue("")).isEqualTo("");
    String hashed = Names.labelValue("sava:1.0.0");
    assertThat(hashed).startsWith("sava-1.0.0-").hasSizeLessThanOrEqualTo(63)
        .matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    assertThat(Names.labelValue("x".repeat(100))).hasSize(63);
    assertThat(Names.labelValue("/")).matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  }

  @Test
  void containerPortNamesAreKeptOnlyWhenTheyAreIanaServiceNames() {
    assertThat(Names.containerPortName("web")).isEqualTo("web");
    assertThat(Names.containerPortName("admin-ui")).isEqualTo("admin-ui");
    assertThat(Names.containerPortName("8080")).isNull();
    assertThat(Names.containerPortName("Web")).isNull();
    assertThat(Names.containerPortName("a-very-long-port-name")).isNull();
  }
}
