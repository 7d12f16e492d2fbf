package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HaproxyProcessesTest {

  @Test
  void readsShowProcOfHaproxy26() {
    String showProc = """
        #<PID>          <type>          <reloads>       <uptime>        <version>
        25044           master          2 [failed: 1]   0d00h00m08s     2.6.12-1+deb12u4
        # workers
        25182           worker          0               0d00h00m03s     2.6.12-1+deb12u4
        # old workers
        25047           worker          1               0d00h00m08s     2.6.12-1+deb12u4
        # programs

        """;
    assertThat(HaproxyProcesses.parse(showProc))
        .isEqualTo(new HaproxyProcesses(25044, 2, 1, List.of(25182L), List.of(25047L)));
  }

  @Test
  void anAnswerWithoutTheMasterIsRefused() {
    assertThatThrownBy(() -> HaproxyProcesses.parse("Unknown command.\n"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
