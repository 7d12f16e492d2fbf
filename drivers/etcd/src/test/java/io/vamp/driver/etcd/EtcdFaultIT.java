package io.vamp.driver.etcd;

import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.kv.KeyValueStoreFaultContract;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.testing.EtcdServer;
import io.vamp.testing.Servers;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults with the real etcd: the shared fault suite (the server stopped and started under open watches and
 * writers, leader failover on a clean close and on a killed JVM, failover times printed), and a lease lost on
 * the server.
 */
class EtcdFaultIT extends KeyValueStoreFaultContract {
  private static final EtcdServer SERVER = Servers.etcd();

  @Override
  protected KeyValueStoreFactory factory() {
    return new EtcdKeyValueStoreFactory();
  }

  @Override
  protected String uri() {
    return "etcd://" + SERVER.host() + ":" + SERVER.port() + "/vamp-faults";
  }

  @Override
  protected String label() {
    return "etcd";
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
    return "lease TTL " + Settings.DEFAULT_LEASE_TTL.toSeconds() + " s";
  }

  @AfterEach
  void serverRunsAgain() {
    if (!SERVER.isRunning()) {
      SERVER.start();
    }
  }

  @Test
  void aLeaseLostOnTheServerComesBackWithItsEphemeralKeyAndCandidacy() throws Exception {
    KeyValueStore agent = client();
    KeyValueStore observer = client();
    String registration = root + "/agents/a1";
    agent.putEphemeral(registration, "alive", Duration.ofSeconds(5));
    String election = "lease-" + UUID.randomUUID().toString().substring(0, 8);
    LeaderElection leader = agent.elect(election, "agent");
    await().atMost(WAIT).until(leader::isLeader);
    long before = leader.fencingToken();

    try (Client admin = Client.builder().endpoints(SERVER.endpoint()).build()) {
      KeyValue kv = admin.getKVClient().get(EtcdKeyValueStore.bytes("/vamp-faults" + registration))
          .get(10, TimeUnit.SECONDS).getKvs().get(0);
      admin.getLeaseClient().revoke(kv.getLease()).get(10, TimeUnit.SECONDS);
    }

    await().atMost(WAIT).until(() -> observer.get(registration).map(Versioned::value).equals(Optional.of("alive")));
    await().atMost(WAIT).until(() -> leader.isLeader() && leader.fencingToken() > before);
  }
}
