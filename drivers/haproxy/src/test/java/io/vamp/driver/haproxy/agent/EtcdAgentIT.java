package io.vamp.driver.haproxy.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.testing.EtcdServer;
import io.vamp.testing.FreePorts;
import io.vamp.testing.Servers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent watching a real etcd through the etcd driver (found by name, as {@code vamp agent --kv etcd}
 * finds it), driving a real HAProxy: a configuration written by another client is served, a weight
 * change goes through the runtime API, and the status key lives on an etcd lease.
 */
class EtcdAgentIT {

  @TempDir
  Path directory;

  @Test
  void servesWhatAnotherClientWritesToEtcd() throws Exception {
    EtcdServer etcd = Servers.etcd();
    URI uri = URI.create("etcd://127.0.0.1:" + etcd.port());
    KeyValueStoreFactory factory = Drivers.find(KeyValueStoreFactory.class, "etcd");
    int port = FreePorts.allocate();
    try (Backend a = Backend.start("A"); Backend b = Backend.start("B");
         KeyValueStore daemon = factory.create(new DriverConfig("default", directory, Optional.of(uri), Map.of()));
         AgentFixture fixture = AgentFixture.start(directory,
             factory.create(new DriverConfig("default", directory, Optional.of(uri), Map.of())))) {
      String key = fixture.agent.configurationKey();
      long first = daemon.put(key, TestConfigs.split(fixture.run, port, a.port(), 100, b.port(), 0, 1));
      fixture.awaitApplied(first);
      assertThat(Http.body(port)).isEqualTo("A");

      long second = daemon.put(key, TestConfigs.split(fixture.run, port, a.port(), 0, b.port(), 100, 1));
      fixture.awaitApplied(second);
      assertThat(fixture.agent.status().lastApply().orElseThrow().how()).isEqualTo(AgentStatus.How.RUNTIME);
      assertThat(Http.body(port)).isEqualTo("B");

      await().atMost(Duration.ofSeconds(10)).until(() -> daemon.get(fixture.agent.statusKey())
          .map(v -> v.value().contains("\"lastAppliedVersion\":" + second)).orElse(false));
      fixture.agent.close();
      await().atMost(Duration.ofSeconds(10)).until(() -> daemon.get(fixture.agent.statusKey()).isEmpty());
    }
  }
}
