package io.vamp.driver.consul;

import io.vamp.driver.spi.TestCertificates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ACL token and TLS with client certificates, against the Consul stand-in (Consul cannot run here). */
class ConsulSecurityTest {

  @TempDir
  Path dir;

  private KeyValueStore client(String uri, Map<String, String> settings) {
    return new ConsulKeyValueStoreFactory().create(new DriverConfig("default", dir, Optional.of(URI.create(uri)),
        settings));
  }

  @Test
  void theAclTokenGoesInAHeaderAndWithoutItConsulRefusesAsNotRetryable() {
    try (ConsulStandIn consul = ConsulStandIn.launch(Optional.of("s3cret"), Optional.empty());
         KeyValueStore allowed = client("consul://127.0.0.1:" + consul.port(), Map.of("token", "s3cret"));
         KeyValueStore anonymous = client("consul://127.0.0.1:" + consul.port(), Map.of());
         KeyValueStore wrong = client("consul://127.0.0.1:" + consul.port(), Map.of("token", "guess"))) {
      long version = allowed.put("/vamp/k", "v");
      assertThat(allowed.get("/vamp/k")).contains(new Versioned("v", version));
      List<String> seen = new CopyOnWriteArrayList<>();
      try (Watch ignored = allowed.watch("/vamp", true, (k, v) -> seen.add(k))) {
        allowed.putEphemeral("/vamp/agents/a1", "alive", Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("/vamp/agents/a1"));
      }
      LeaderElection election = allowed.elect("acl", "vamp");
      await().atMost(Duration.ofSeconds(10)).until(election::isLeader);

      for (KeyValueStore refused : List.of(anonymous, wrong)) {
        assertThatThrownBy(() -> refused.get("/vamp/k"))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
            .hasMessageContaining("403").hasMessageNotContaining("s3cret");
      }
    }
  }

  @Test
  void tlsWithAClientCertificateWorksWithoutOneItIsRefusedAndAnUntrustedServerIsNotRetried() throws Exception {
    TestCertificates server = TestCertificates.create(dir, "server");
    TestCertificates clientCert = TestCertificates.create(dir, "client");
    SSLContext serverSide = serverContext(server, clientCert);
    try (ConsulStandIn consul = ConsulStandIn.launch(Optional.empty(), Optional.of(serverSide))) {
      String uri = "consul+https://127.0.0.1:" + consul.port() + "/vamp";
      try (KeyValueStore client = client(uri, Map.of("ca-file", server.certificate().toString(),
          "cert-file", clientCert.certificate().toString(), "key-file", clientCert.key().toString()))) {
        long version = client.put("/k", "over TLS");
        assertThat(client.get("/k")).contains(new Versioned("over TLS", version));
      }
      try (KeyValueStore noCertificate = client(uri, Map.of("ca-file", server.certificate().toString()))) {
        // refused by the server after the handshake: the JDK server here resets the connection (which looks
        // like an outage, so retryable); Consul's Go TLS sends a certificate_required alert (not retryable)
        assertThatThrownBy(() -> noCertificate.get("/k")).isInstanceOf(DriverException.class);
      }
      try (KeyValueStore untrusted = client(uri, Map.of("ca-file", clientCert.certificate().toString(),
          "cert-file", clientCert.certificate().toString(), "key-file", clientCert.key().toString()))) {
        assertThatThrownBy(() -> untrusted.get("/k"))
            .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse());
      }
    }
  }

  @Test
  void aKeyThatIsNotPkcs8IsRefusedWhenTheStoreIsMade() throws Exception {
    TestCertificates cert = TestCertificates.create(dir, "client");
    Path pkcs1 = Files.writeString(dir.resolve("rsa.key"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");

    assertThatThrownBy(() -> client("consul+https://127.0.0.1:8501", Map.of("cert-file", cert.certificate().toString(),
        "key-file", pkcs1.toString())))
        .isInstanceOfSatisfying(DriverException.class, e -> assertThat(e.retryable()).isFalse())
        .hasMessageContaining("PKCS#8");
  }

  /** The stand-in's side: its own certificate, trusting the client's. */
  private static SSLContext serverContext(TestCertificates server, TestCertificates client) throws Exception {
    KeyStore own = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(server.pkcs12())) {
      own.load(in, server.password());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(own, server.password());
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream in = Files.newInputStream(client.certificate())) {
      trusted.setCertificateEntry("client", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
    return context;
  }
}
