package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyslogMessageTest {

  @Test
  void readsRfc5424AsHaproxySendsIt() {
    SyslogMessage message = SyslogMessage.parse(
        "<134>1 2026-11-22T00:10:53.965423+00:00 - haproxy 28011 - - {\"ft\":\"f\",\"ST\":200}\n").orElseThrow();
    assertThat(message).isEqualTo(new SyslogMessage(16, 6, "2026-11-22T00:10:53.965423+00:00", "",
        "{\"ft\":\"f\",\"ST\":200}"));
  }

  @Test
  void readsRfc5424WithStructuredDataAndAByteOrderMark() {
    SyslogMessage message = SyslogMessage.parse(
        "<141>1 2026-01-01T00:00:00Z lb1 haproxy 7 ID47 [a@1 x=\"y\\]z\"][b@2] \uFEFFServer b/s1 is DOWN").orElseThrow();
    assertThat(message.facility()).isEqualTo(17);
    assertThat(message.severity()).isEqualTo(5);
    assertThat(message.host()).isEqualTo("lb1");
    assertThat(message.message()).isEqualTo("Server b/s1 is DOWN");
  }

  @Test
  void readsRfc3164WithAndWithoutAHost() {
    assertThat(SyslogMessage.parse("<134>Nov 22 00:10:53 localhost haproxy[28011]: {\"ST\":200}\n").orElseThrow())
        .isEqualTo(new SyslogMessage(16, 6, "Nov 22 00:10:53", "localhost", "{\"ST\":200}"));
    assertThat(SyslogMessage.parse("<134>Nov  2 00:10:53 haproxy[28011]: {\"a\": \"b: c\"}").orElseThrow())
        .isEqualTo(new SyslogMessage(16, 6, "Nov  2 00:10:53", "", "{\"a\": \"b: c\"}"));
  }

  @Test
  void aRawLineIsTheMessageItself() {
    assertThat(SyslogMessage.parse("{\"ft\":\"g\"}\n").orElseThrow())
        .isEqualTo(new SyslogMessage(-1, -1, "", "", "{\"ft\":\"g\"}"));
  }

  @Test
  void refusesWhatIsNoSyslog() {
    assertThat(SyslogMessage.parse("")).isEmpty();
    assertThat(SyslogMessage.parse("\n")).isEmpty();
    assertThat(SyslogMessage.parse("<999>1 x")).isEmpty();
    assertThat(SyslogMessage.parse("<134>1 too short")).isEmpty();
    assertThat(SyslogMessage.parse("<134>1 2026-01-01T00:00:00Z h a p m [unterminated")).isEmpty();
  }
}
