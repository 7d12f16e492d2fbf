package io.vamp.driver.marathon;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.state.WorkloadId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AppIdsTest {
  private static final String SEGMENT =
      "^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$";

  @Test
  void plainNamesAreKeptDotsIncluded() {
    assertThat(AppIds.group("production")).isEqualTo("/production");
    assertThat(AppIds.appId("/production", new WorkloadId("shop", "web", "sava.v1")))
        .isEqualTo("/production/shop-web-sava.v1");
  }

  @Test
  void namesThatHadToChangeEndInAHashAndAreValidSegments() {
    String id = AppIds.appId("/team-a", new WorkloadId("Sava", "sava", "sava:1.0.0"));
    assertThat(id).startsWith("/team-a/sava-sava-sava-1.0.0-");
    assertThat(id.substring("/team-a/".length())).matches(SEGMENT).hasSizeLessThanOrEqualTo(63);
    assertThat(AppIds.group("Team_A")).matches("/team-a-[0-9a-f]{10}");
  }

  @Test
  void hyphensInPartsCannotMakeTwoWorkloadsShareAnApp() {
    Set<String> ids = new HashSet<>();
    for (WorkloadId id : List.of(new WorkloadId("a-b", "c", "d"), new WorkloadId("a", "b-c", "d"),
        new WorkloadId("a", "b", "c-d"), new WorkloadId("x".repeat(70), "y", "z"), new WorkloadId("..", "-", "_"))) {
      String app = AppIds.appId("/g", id);
      assertThat(app.substring(3)).as("%s", id).matches(SEGMENT).hasSizeLessThanOrEqualTo(63);
      assertThat(ids.add(app)).isTrue();
    }
  }
}
