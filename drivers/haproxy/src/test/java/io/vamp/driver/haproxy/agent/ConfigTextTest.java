package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTextTest {

  private static final String CONFIG = """
      global
          stats socket /run/vamp/ro.sock mode 600 level user
          stats socket /run/vamp/admin.sock mode 600 level admin expose-fd listeners
          server-state-file /run/vamp/server-state

      defaults
          mode http
          default-server weight 5

      frontend gw
          bind 127.0.0.1:9050
          bind unix@/run/vamp/sockets/g1.sock mode 600 accept-proxy
          default_backend gw.weights

      backend gw.weights
          balance roundrobin
          server a unix@/run/vamp/r1.sock weight 90 send-proxy-v2
          server b unix@/run/vamp/r2.sock weight 10
          server c 10.0.0.1:80 check inter 5s # weight 3 in a comment is no weight

      listen both
          bind 127.0.0.1:9060
          server x 10.0.0.2:80 check weight 7 maxconn 10
      """;

  @Test
  void readsTheExplicitWeightsOfServerLinesInBackendsAndListens() {
    ConfigText config = ConfigText.parse(CONFIG);
    assertThat(config.weights()).containsExactly(Map.entry("both/x", 7), Map.entry("gw.weights/a", 90),
        Map.entry("gw.weights/b", 10));
  }

  @Test
  void theStructureMasksOnlyThoseWeights() {
    String structure = ConfigText.parse(CONFIG).structure();
    assertThat(structure).contains("server a unix@/run/vamp/r1.sock weight _ send-proxy-v2")
        .contains("server b unix@/run/vamp/r2.sock weight _\n")
        .contains("server x 10.0.0.2:80 check weight _ maxconn 10")
        .contains("default-server weight 5")
        .contains("# weight 3 in a comment");
  }

  @Test
  void findsTheAdminSocketTheStateFileAndTheUnixSockets() {
    ConfigText config = ConfigText.parse(CONFIG);
    assertThat(config.adminSocket()).contains(UnixDomainSocketAddress.of("/run/vamp/admin.sock"));
    assertThat(config.serverStateFile()).contains(Path.of("/run/vamp/server-state"));
    assertThat(config.unixSockets()).containsExactly(Path.of("/run/vamp/ro.sock"), Path.of("/run/vamp/admin.sock"),
        Path.of("/run/vamp/sockets/g1.sock"));
  }

  @Test
  void anAdminSocketMayBeTcpAndTheStateFileRelativeToItsBase() {
    ConfigText config = ConfigText.parse("""
        global
            stats socket ipv4@127.0.0.1:9999 level admin
            server-state-base /var/lib/haproxy
            server-state-file state
        """);
    assertThat(config.adminSocket()).contains(new InetSocketAddress("127.0.0.1", 9999));
    assertThat(config.serverStateFile()).contains(Path.of("/var/lib/haproxy/state"));
  }

  @Test
  void withoutLevelAdminThereIsNoRuntimeSocket() {
    assertThat(ConfigText.parse("global\n    stats socket /x.sock level operator\n").adminSocket()).isEmpty();
    assertThat(ConfigText.parse("global\n").serverStateFile()).isEmpty();
  }
}
