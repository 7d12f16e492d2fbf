package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.memory.MemoryKeyValueStore;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
  private final MemoryKeyValueStore store = MemoryKeyValueStore.open();
  private final AgentSettings defaults = AgentSettings.defaults(store, Path.of("/usr/sbin/haproxy"),
      Path.of("/var/lib/vamp-agent"));

  @Test
  void defaultsMatchTheRenderersProductionSettings() {
    assertThat(defaults.namespace()).isEqualTo("default");
    assertThat(defaults.syslogPort()).isEqualTo(5140);
    assertThat(defaults.healthPort()).isEqualTo(1989);
    assertThat(defaults.healthAddress()).isEqualTo("127.0.0.1");
    assertThat(defaults.reloadStrategy()).isEqualTo(ReloadStrategy.MASTER_CLI);
    assertThat(defaults.timing().debounce()).isEqualTo(Duration.ofMillis(200));
    assertThat(defaults.agentId()).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
  }

  @Test
  void refusesWhatWouldBreakKeysOrSockets() {
    assertThatThrownBy(() -> defaults.withAgentId("a/b")).hasMessageContaining("agent id");
    assertThatThrownBy(() -> defaults.withNamespace("")).hasMessageContaining("namespace");
    assertThatThrownBy(() -> defaults.withHaproxyVersion("2")).hasMessageContaining("haproxy version");
    assertThatThrownBy(() -> defaults.withSyslogPort(70_000)).hasMessageContaining("syslog port");
    assertThatThrownBy(() -> AgentSettings.defaults(store, Path.of("haproxy"), Path.of("/" + "d".repeat(120))))
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> AgentSettings.Timing.DEFAULT.withDebounce(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("shorter than debounce");
  }

  @Test
  void keysLiveUnderTheNamespace() {
    assertThat(AgentKeys.configuration("blue", "2.6")).isEqualTo("/vamp/blue/gateways/haproxy/2.6/configuration");
    assertThat(AgentKeys.gateways("blue")).isEqualTo("/vamp/blue/gateways");
    assertThat(AgentKeys.status("blue", "lb-1")).isEqualTo("/vamp/blue/agents/lb-1/status");
  }

  @Test
  void theDefaultAgentIdIsAUsableKeySegment() {
    assertThat(AgentKeys.status("default", AgentSettings.defaultAgentId())).startsWith("/vamp/default/agents/");
  }
}
