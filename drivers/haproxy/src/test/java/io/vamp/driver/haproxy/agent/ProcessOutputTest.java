package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessOutputTest {

  @Test
  void errorsAreTheAlertLinesWithoutTheirPrefix() {
    List<String> output = List.of(
        "[NOTICE]   (27598) : haproxy version is 2.6.12-1+deb12u4",
        "[ALERT]    (27598) : config : parsing [bad.cfg:2] : unknown keyword 'foo' in 'global' section",
        "[ALERT]    (27598) : config : Fatal errors found in configuration.");
    assertThat(ProcessOutput.errors(output)).isEqualTo(
        "parsing [bad.cfg:2] : unknown keyword 'foo' in 'global' section; Fatal errors found in configuration.");
  }

  @Test
  void withoutAlertsTheLastLinesSpeak() {
    assertThat(ProcessOutput.errors(List.of("a", "b"))).isEqualTo("a; b");
    assertThat(ProcessOutput.errors(List.of())).isEmpty();
  }
}
