package io.vamp.driver.etcd;

import static io.vamp.driver.etcd.EtcdKeyValueStore.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.etcd.jetcd.Auth;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.testing.EtcdServer;
import io.vamp.testing.Servers;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User/password authentication against the real etcd: this test turns authentication on for its duration
 * (a root user and a user {@code vamp} allowed the prefix {@code /vamp-auth} only) and off again at the end.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EtcdAuthIT {

  private static final EtcdServer SERVER = Servers.etcd();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private static KeyValueStore client(String prefix, Map<String, String> settings) {
    return new EtcdKeyValueStoreFactory().create(new DriverConfig("default",
        Path.of(System.getProperty("java.io.tmpdir")),
        Optional.of(URI.create("etcd://" + SERVER.host() + ":" + SERVER.port() + prefix)), settings));
  }

  @Test
  void aUserWithAPasswordWorksWithinItsPrefixAndBadCredentialsAreRefusedAsNotRetryable() throws Exception {
    try (Client admin = Client.builder().endpoints(SERVER.endpoint()).build()) {
      Auth auth = admin.getAuthClient();
      ignoreExisting(auth.userAdd(bytes("root"), bytes("root-secret")));
      ignoreExisting(auth.roleAdd(bytes("root")));
      auth.userGrantRole(bytes("root"), bytes("root")).get(10, TimeUnit.SECONDS);
      ignoreExisting(auth.userAdd(bytes("vamp"), bytes("vamp-secret")));
      ignoreExisting(auth.roleAdd(bytes("vamp")));
      auth.roleGrantPermission(bytes("vamp"), bytes("/vamp-auth"), bytes("/vamp-auti"), Permission.Type.READWRITE)
          .get(10, TimeUnit.SECONDS);
      auth.userGrantRole(bytes("vamp"), bytes("vamp")).get(10, TimeUnit.SECONDS);
      auth.authEnable().get(10, TimeUnit.SECONDS);
    }
    try {
      try (KeyValueStore vamp = client("/vamp-auth", Map.of("user", "vamp", "password", "vamp-secret"));
           KeyValueStore other = client("/vamp-auth", Map.of("user", "vamp", "password", "vamp-secret"))) {
        long version = vamp.put("/k", "v");
        assertThat(other.get("/k")).contains(new Versioned("v", version));
        assertThat(vamp.compareAndSet("/k", version, "w")).isTrue();
        List<String> seen = new CopyOnWriteArrayList<>();
        try (Watch ignored = other.watch("/", true, (k, v) -> seen.add(k + "=" + v.map(Versioned::value).orElse("")))) {
          vamp.putEphemeral("/agents/a1", "alive", Duration.ofSeconds(5));
          await().atMost(WAIT).until(() -> seen.contains("/agents/a1=alive"));
        }
        LeaderElection election = vamp.elect("auth", "vamp");
        await().atMost(WAIT).until(election::isLeader);
      }

      try (KeyValueStore outside = client("/elsewhere", Map.of("user", "vamp", "password", "vamp-secret"))) {
        assertThatThrownBy(() -> outside.put("/k", "v"))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
      }
      try (KeyValueStore wrong = client("/vamp-auth", Map.of("user", "vamp", "password", "wrong"))) {
        assertThatThrownBy(() -> wrong.get("/k"))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
      }
      try (KeyValueStore anonymous = client("/vamp-auth", Map.of())) {
        assertThatThrownBy(() -> anonymous.get("/k"))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
      }
    } finally {
      try (Client root = Client.builder().endpoints(SERVER.endpoint()).user(bytes("root"))
          .password(bytes("root-secret")).build()) {
        root.getAuthClient().authDisable().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void ignoreExisting(java.util.concurrent.CompletableFuture<?> future) throws Exception {
    try {
      future.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!String.valueOf(e.getCause().getMessage()).contains("already exists")) {
        throw e;
      }
    }
  }
}
