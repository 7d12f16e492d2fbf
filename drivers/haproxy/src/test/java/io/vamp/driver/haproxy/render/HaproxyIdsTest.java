package io.vamp.driver.haproxy.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HaproxyIdsTest {

  @Test
  void idsAreAReadablePartAndAHash() {
    assertThat(HaproxyIds.gateway("sava/sava/web")).matches("sava_sava_web__[0-9a-f]{8}");
    assertThat(HaproxyIds.route("sava/9050", "sava:1.0.0")).matches("sava_9050\\.sava_1_0_0__[0-9a-f]{8}");
    assertThat(HaproxyIds.routeServer("sava/9050", "[192.168.99.100:5050]")).matches("192_168_99_100_5050__[0-9a-f]{8}");
    assertThat(HaproxyIds.weights("sava/9050")).isEqualTo(HaproxyIds.gateway("sava/9050") + ".weights");
    assertThat(HaproxyIds.stickyCookie("sava/9050")).matches("vamp_[0-9a-f]{8}");
  }

  @Test
  void namesThatReadTheSameGetDifferentIds() {
    assertThat(HaproxyIds.gateway("a:b")).isNotEqualTo(HaproxyIds.gateway("a.b"));
    assertThat(HaproxyIds.route("g", "a:b")).isNotEqualTo(HaproxyIds.route("g", "a/b"));
    // the route hash covers the gateway: one route name in two gateways
    assertThat(HaproxyIds.routeServer("g1", "r")).isNotEqualTo(HaproxyIds.routeServer("g2", "r"));
  }

  @Test
  void idsAreStableAcrossCalls() {
    assertThat(HaproxyIds.route("sava/9050", "sava:1.0.0")).isEqualTo(HaproxyIds.route("sava/9050", "sava:1.0.0"));
    // pinned: log readers and server-state files depend on ids not changing between versions
    assertThat(HaproxyIds.hash("sava/9050")).isEqualTo("577f0a46");
  }

  @Test
  void longNamesAreCutButStayUnique() {
    String a = "x".repeat(100) + "a";
    String b = "x".repeat(100) + "b";
    assertThat(HaproxyIds.gateway(a)).hasSize(HaproxyIds.READABLE + 10).isNotEqualTo(HaproxyIds.gateway(b));
  }

  @Test
  void idsUseOnlyIdentifierCharacters() {
    Set<String> ids = new HashSet<>();
    for (String name : new String[] {"sava/sava/web", "[::1:8080]", "a_b", "-", "..", "UPPER:case"}) {
      ids.add(HaproxyIds.gateway(name));
      ids.add(HaproxyIds.route(name, name));
      ids.add(HaproxyIds.instanceServer(name));
    }
    assertThat(ids).allMatch(id -> id.matches("[A-Za-z0-9_.]+"));
  }

  @Test
  void aNameWithoutLettersOrDigitsStillReads() {
    assertThat(HaproxyIds.gateway("--")).matches("x__[0-9a-f]{8}");
  }
}
