package io.vamp.driver.zookeeper;

import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.kv.KeyValueStoreFaultContract;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.testing.Servers;
import io.vamp.testing.ZookeeperServer;
import java.time.Duration;
import java.util.Optional;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults with the real ZooKeeper: the shared fault suite (the server stopped and started under open watches
 * and writers, leader failover on a clean close and on a killed JVM, failover times printed), and a session
 * expired by the server.
 */
class ZookeeperFaultIT extends KeyValueStoreFaultContract {
  private static final ZookeeperServer SERVER = Servers.zookeeper();

  @Override
  protected KeyValueStoreFactory factory() {
    return new ZookeeperKeyValueStoreFactory();
  }

  @Override
  protected String uri() {
    return "zookeeper://" + SERVER.connectString() + "/vamp-faults";
  }

  @Override
  protected String label() {
    return "zookeeper";
  }

  @Override
  protected void stopServer() {
    SERVER.stop();
  }

  @Override
  protected void startServer() {
    SERVER.start();
  }

  @Override
  protected String killedFailoverNote() {
    return "session timeout " + Settings.DEFAULT_SESSION_TIMEOUT.toSeconds() + " s";
  }

  @AfterEach
  void serverRunsAgain() {
    if (!SERVER.isRunning()) {
      SERVER.start();
    }
  }

  @Test
  void aSessionExpiredByTheServerLosesNothingTheWatcherNeedsAndItsEphemeralKeyComesBack() throws Exception {
    ZookeeperKeyValueStore agent = (ZookeeperKeyValueStore) client();
    KeyValueStore daemon = client();
    KeyValueStore observer = client();
    String key = root + "/config";
    String registration = root + "/agents/a1";
    daemon.put(key, "v1");
    agent.putEphemeral(registration, "alive", Duration.ofSeconds(5));
    Values values = new Values();
    try (Watch ignored = agent.watch(root, true, values)) {
      await().atMost(WAIT).until(() -> values.last(key).equals(Optional.of("v1")));
      long oldSession = agent.currentSessionId();

      expireSession(agent);
      daemon.put(key, "written while the agent had no session");
      daemon.delete(key);
      daemon.put(key, "v2");

      await().atMost(WAIT).until(() -> agent.currentSessionId() != oldSession);
      await().atMost(WAIT).until(() -> values.last(key).equals(Optional.of("v2")));
      await().atMost(WAIT).until(() -> observer.get(registration).map(Versioned::value).equals(Optional.of("alive")));
      values.assertVersionsGrow(key);
    }
  }

  /** Closes the session on the server through a second handle on it: the owner then sees it expire. */
  private static void expireSession(ZookeeperKeyValueStore client) throws Exception {
    ZooKeeper handle = client.curator().getZookeeperClient().getZooKeeper();
    ZooKeeper twin = new ZooKeeper(SERVER.connectString(), 6000, e -> { }, handle.getSessionId(),
        handle.getSessionPasswd());
    await().atMost(WAIT).until(() -> twin.getState().isConnected());
    twin.close();
  }
}
