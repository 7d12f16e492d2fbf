package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerStateFileTest {

  private static final String HEADER = "# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state"
      + " srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health"
      + " srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord srv_use_ssl"
      + " srv_check_port srv_check_addr srv_agent_addr srv_agent_port";

  /** As HAProxy 2.6 dumped it after a runtime change from 90/10 to 0/100. */
  private static final String DUMP = "1\n" + HEADER + "\n"
      + "3 w 1 a 127.0.0.1 2 0 0 90 2 1 0 2 0 0 0 0 - 18081 - 0 0 - - 0\n"
      + "3 w 2 b 127.0.0.1 2 0 100 10 2 1 0 2 0 0 0 0 - 18082 - 0 0 - - 0\n"
      + "4 other 1 c 127.0.0.1 0 1 1 1 2 1 0 2 0 0 0 0 - 18083 - 0 0 - - 0\n\n";

  @Test
  void theConfiguredWeightsReplaceBothSavedWeights() {
    String state = ServerStateFile.withWeights(DUMP, Map.of("w/a", 90, "w/b", 10));
    assertThat(state).contains("3 w 1 a 127.0.0.1 2 0 90 90 2 ")
        .contains("3 w 2 b 127.0.0.1 2 0 10 10 2 ")
        .startsWith("1\n# be_id");
  }

  @Test
  void serversWithoutAnExplicitWeightKeepTheirSavedState() {
    String state = ServerStateFile.withWeights(DUMP, Map.of("w/a", 90, "w/b", 10));
    // c is down and in maintenance: that is what the file is for
    assertThat(state).contains("4 other 1 c 127.0.0.1 0 1 1 1 2 1 0 2 0 0 0 0 - 18083 - 0 0 - - 0\n");
  }

  @Test
  void anythingElseBecomesAnEmptyStateFile() {
    assertThat(ServerStateFile.withWeights("", Map.of())).isEqualTo("1\n");
    assertThat(ServerStateFile.withWeights("2\n# other format\n", Map.of())).isEqualTo("1\n");
    assertThat(ServerStateFile.withWeights("1\n# be_name srv_name\nx y\n", Map.of())).isEqualTo("1\n");
    assertThat(ServerStateFile.withWeights("Unknown command\n", Map.of())).isEqualTo("1\n");
  }
}
