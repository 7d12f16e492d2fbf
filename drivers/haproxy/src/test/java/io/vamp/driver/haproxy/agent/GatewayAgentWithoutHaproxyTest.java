package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.memory.MemoryKeyValueStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the agent does when there is no HAProxy: says so, plainly, and keeps running. */
class GatewayAgentWithoutHaproxyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  @Test
  void aMissingBinaryIsReportedNotThrown() throws Exception {
    try (MemoryKeyValueStore store = MemoryKeyValueStore.open()) {
      AgentSettings settings = AgentSettings.defaults(store, directory.resolve("no/haproxy"), directory.resolve("w"))
          .withAgentId("lonely").withNamespace("blue").withHealth("127.0.0.1", 0).withSyslogPort(0)
          .withTiming(AgentSettings.Timing.DEFAULT.withDebounce(Duration.ZERO, Duration.ZERO));
      try (GatewayAgent agent = new GatewayAgent(settings)) {
        agent.start();
        // without a binary to ask, the key names the version the renderer writes for
        assertThat(agent.configurationKey()).isEqualTo("/vamp/blue/gateways/haproxy/2.6/configuration");
        long version = store.put(agent.configurationKey(), "global\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.status().configVersion() == version
            && agent.status().counts().applies() == 1);

        AgentStatus status = agent.status();
        assertThat(status.phase()).isEqualTo(AgentStatus.Phase.NO_HAPROXY);
        assertThat(status.running()).isFalse();
        assertThat(status.lastError().orElseThrow().message()).isEqualTo(GatewayAgent.HAPROXY_MISSING)
            .contains("apt-get install haproxy");
        Http.Response health = Http.get(agent.healthAddress().getPort(), "/health");
        assertThat(health.status()).isEqualTo(503);
        JsonNode body = JSON.readTree(health.body());
        assertThat(body.path("phase").asText()).isEqualTo("NO_HAPROXY");
        assertThat(body.path("lastError").path("message").asText()).contains("apt-get install haproxy");
        await().atMost(Duration.ofSeconds(5)).until(() -> store.get("/vamp/blue/agents/lonely/status")
            .map(v -> v.value().contains("NO_HAPROXY")).orElse(false));
        assertThat(Http.get(agent.healthAddress().getPort(), "/other").status()).isEqualTo(404);
        assertThat(Http.get(agent.healthAddress().getPort(), "/metrics").status()).as("no metrics given")
            .isEqualTo(404);
      }
      assertThat(store.get("/vamp/blue/agents/lonely/status")).isEmpty();
    }
  }

  @Test
  void metricsAreServedBesideHealthWhenGiven() throws Exception {
    try (MemoryKeyValueStore store = MemoryKeyValueStore.open()) {
      AgentSettings settings = AgentSettings.defaults(store, directory.resolve("no/haproxy"), directory.resolve("m"))
          .withAgentId("scraped").withHealth("127.0.0.1", 0).withSyslogPort(0)
          .withMetrics(() -> "# TYPE vamp_agent_reloads_total counter\nvamp_agent_reloads_total 3.0\n");
      try (GatewayAgent agent = new GatewayAgent(settings)) {
        agent.start();
        Http.Response metrics = Http.get(agent.healthAddress().getPort(), "/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(metrics.body()).contains("vamp_agent_reloads_total 3.0");
        assertThat(Http.get(agent.healthAddress().getPort(), "/health").status()).isEqualTo(503);
      }
    }
  }

  @Test
  void findsHaproxyOnThePathOrInTheSbinFolders() throws Exception {
    Path bin = Files.createDirectories(directory.resolve("bin"));
    Path sbin = Files.createDirectories(directory.resolve("sbin"));
    Path empty = Files.createDirectories(directory.resolve("empty"));
    Path onPath = executable(bin.resolve("haproxy"));
    Path inSbin = executable(sbin.resolve("haproxy"));
    Files.writeString(empty.resolve("haproxy"), "not executable");

    assertThat(GatewayAgent.findHaproxy(empty + ":" + bin, List.of(sbin))).contains(onPath);
    assertThat(GatewayAgent.findHaproxy(empty.toString(), List.of(sbin))).contains(inSbin);
    assertThat(GatewayAgent.findHaproxy(null, List.of(sbin))).contains(inSbin);
    assertThat(GatewayAgent.findHaproxy(empty.toString(), List.of(empty))).isEmpty();
  }

  private static Path executable(Path file) throws Exception {
    Files.writeString(file, "#!/bin/sh\necho 'HAProxy version 9.9.1 2030/01/01'\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
