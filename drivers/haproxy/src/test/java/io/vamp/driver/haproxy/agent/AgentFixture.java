package io.vamp.driver.haproxy.agent;

import static org.awaitility.Awaitility.await;

import io.vamp.driver.memory.MemoryKeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.testing.FreePorts;
import io.vamp.testing.Servers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * One gateway agent driving a real HAProxy, watching a store (in process unless given), in a fresh directory: the
 * agent's files under {@code agent/}, the configuration's sockets and state under {@code run/}.
 */
final class AgentFixture implements AutoCloseable {
  static final Duration APPLY_BOUND = Duration.ofSeconds(20);

  final KeyValueStore store;
  final Path directory;
  final Path run;
  final int syslogPort;
  final GatewayAgent agent;

  private AgentFixture(Path directory, KeyValueStore store, UnaryOperator<AgentSettings> adjust) throws IOException {
    this.store = store;
    this.directory = directory;
    this.run = Files.createDirectories(directory.resolve("run"));
    this.syslogPort = FreePorts.allocate();
    AgentSettings settings = AgentSettings.defaults(store, Servers.haproxy().binary(), directory.resolve("agent"))
        .withAgentId("test-agent")
        .withHealth("127.0.0.1", 0)
        .withSyslogPort(syslogPort)
        .withTiming(AgentSettings.Timing.DEFAULT.withDebounce(Duration.ofMillis(20), Duration.ofMillis(200)));
    this.agent = new GatewayAgent(adjust.apply(settings));
    agent.start();
  }

  static AgentFixture start(Path directory) throws IOException {
    return start(directory, s -> s);
  }

  static AgentFixture start(Path directory, UnaryOperator<AgentSettings> adjust) throws IOException {
    return new AgentFixture(directory, MemoryKeyValueStore.open(), adjust);
  }

  /** An agent watching {@code store}, which it closes at the end. */
  static AgentFixture start(Path directory, KeyValueStore store) throws IOException {
    return new AgentFixture(directory, store, s -> s);
  }

  /** Writes the configuration key; returns its version. */
  long put(String config) {
    return store.put(agent.configurationKey(), config);
  }

  /** Writes and waits until HAProxy serves it. */
  long apply(String config) {
    long version = put(config);
    awaitApplied(version);
    return version;
  }

  void awaitApplied(long version) {
    await("version " + version + " applied").atMost(APPLY_BOUND).pollInterval(Duration.ofMillis(5))
        .until(() -> agent.status().lastAppliedVersion() >= version
            && agent.status().phase() == AgentStatus.Phase.SERVING);
  }

  HaproxyProcesses processes() {
    return agent.processes().orElseThrow(() -> new AssertionError("HAProxy does not run"));
  }

  @Override
  public void close() {
    agent.close();
    store.close();
  }
}
