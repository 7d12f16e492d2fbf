package io.vamp.driver.consul;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.kv.KeyValueStoreFaultContract;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Faults against the Consul stand-in (Consul itself cannot run here): the shared fault suite (the agent
 * stopped and started under open watches and writers, leader failover on a clean close and on a killed JVM,
 * failover times printed), and the session destroyed on the server.
 */
class ConsulFaultTest extends KeyValueStoreFaultContract {
  private final ConsulStandIn consul = ConsulStandIn.launch();

  @Override
  protected KeyValueStoreFactory factory() {
    return new ConsulKeyValueStoreFactory();
  }

  @Override
  protected String uri() {
    return "consul://127.0.0.1:" + consul.port() + "/vamp-faults";
  }

  @Override
  protected String label() {
    return "consul (stand-in)";
  }

  @Override
  protected void stopServer() {
    consul.stop();
  }

  @Override
  protected void startServer() {
    consul.start();
  }

  @Override
  protected String killedFailoverNote() {
    return "session TTL " + Settings.DEFAULT_SESSION_TTL.toSeconds() + " s, invalidated after up to 2 x TTL,"
        + " lock-delay " + Settings.DEFAULT_LOCK_DELAY.toSeconds() + " s";
  }

  /** Consul invalidates a session up to twice its TTL late, then holds the lock for its lock-delay. */
  @Override
  protected Duration killedFailoverBound() {
    return Settings.DEFAULT_SESSION_TTL.multipliedBy(2).plus(Settings.DEFAULT_LOCK_DELAY).plusSeconds(5);
  }

  @AfterEach
  void closeStandIn() {
    consul.close();
  }

  @Test
  void aSessionDestroyedOnTheServerComesBackWithItsEphemeralKeyAndCandidacy() throws Exception {
    KeyValueStore agent = client();
    KeyValueStore observer = client();
    String registration = root + "/agents/a1";
    agent.putEphemeral(registration, "alive", Duration.ofSeconds(10));
    String election = "session-" + UUID.randomUUID().toString().substring(0, 8);
    LeaderElection leader = agent.elect(election, "agent");
    await().atMost(WAIT).until(leader::isLeader);
    long before = leader.fencingToken();

    HttpClient http = HttpClient.newHttpClient();
    JsonNode sessions = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
        URI.create(consul.address() + "/v1/session/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
    for (JsonNode session : sessions) {
      URI destroy = URI.create(consul.address() + "/v1/session/destroy/" + session.get("ID").asText());
      http.send(HttpRequest.newBuilder(destroy)
          .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
    await().atMost(WAIT).until(() -> observer.get(registration).isEmpty());

    await().atMost(WAIT).until(() -> observer.get(registration).map(Versioned::value).equals(Optional.of("alive")));
    await().atMost(WAIT).until(() -> leader.isLeader() && leader.fencingToken() > before);
  }
}
