package io.vamp.driver.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Digest authentication against the real ZooKeeper: what a client with {@code user}/{@code password} writes
 * is readable by the same identity only; others are refused with a non-retryable error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZookeeperAuthIT {

  private static KeyValueStore client(String chroot, Map<String, String> settings) {
    return new ZookeeperKeyValueStoreFactory().create(ZookeeperKeyValueStoreContractIT.config(chroot, settings));
  }

  @Test
  void nodesWrittenWithDigestAuthAreForThatIdentityOnly() {
    String chroot = "/vamp-auth-" + UUID.randomUUID();
    Map<String, String> vamp = Map.of("user", "vamp", "password", "vamp-secret");
    try (KeyValueStore writer = client(chroot, vamp);
         KeyValueStore sameIdentity = client(chroot, vamp);
         KeyValueStore anonymous = client(chroot, Map.of());
         KeyValueStore wrongPassword = client(chroot, Map.of("user", "vamp", "password", "guess"))) {
      long version = writer.put("/vamp/k", "v");
      assertThat(sameIdentity.get("/vamp/k")).contains(new Versioned("v", version));
      assertThat(sameIdentity.compareAndSet("/vamp/k", version, "w")).isTrue();
      List<String> seen = new CopyOnWriteArrayList<>();
      try (Watch ignored = sameIdentity.watch("/vamp", true, (k, v) -> seen.add(k))) {
        writer.putEphemeral("/vamp/agents/a1", "alive", Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(15)).until(() -> seen.contains("/vamp/agents/a1"));
      }
      LeaderElection election = writer.elect("auth", "vamp");
      await().atMost(Duration.ofSeconds(15)).until(election::isLeader);

      for (KeyValueStore refused : List.of(anonymous, wrongPassword)) {
        assertThatThrownBy(() -> refused.get("/vamp/k"))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
            .hasMessageContaining("NOAUTH").hasMessageNotContaining("vamp-secret");
        assertThatThrownBy(() -> refused.put("/vamp/k", "overwritten"))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
      }
      assertThat(sameIdentity.get("/vamp/k")).map(Versioned::value).contains("w");
    }
  }
}
