package io.vamp.driver.elasticsearch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link LogIds#HAPROXY} gives the ids the renderer writes. The expected values were printed by
 * {@code io.vamp.driver.haproxy.render.HaproxyIds} at commit 22b8c0b; if the renderer's naming changes,
 * this test and {@link LogIds.HaproxyNaming} change with it.
 */
class LogIdsTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "sava/sava/web     | sava:1.0.0       | sava_sava_web__562f0822     | sava_sava_web.sava_1_0_0__8753017c",
      "sava/sava/web     | sava:1.1.0       | sava_sava_web__562f0822     | sava_sava_web.sava_1_1_0__13321011",
      "vamp/gateway 9050 | route/with/slash | vamp_gateway_9050__7db5bdbe | vamp_gateway_9050.route_with_slash__ad853246",
      "ÄÖ                | ---              | x__de7254df                 | x.x__b9dc0648",
  })
  void matchesTheRenderersIds(String gateway, String route, String frontend, String backend) {
    assertThat(LogIds.HAPROXY.frontend(gateway)).isEqualTo(frontend);
    assertThat(LogIds.HAPROXY.backend(gateway, route)).isEqualTo(backend);
    // the route's server in the weighted backend is the backend's name after the gateway's part
    assertThat(LogIds.HAPROXY.server(gateway, route)).isEqualTo(backend.substring(backend.indexOf('.') + 1));
  }
}
