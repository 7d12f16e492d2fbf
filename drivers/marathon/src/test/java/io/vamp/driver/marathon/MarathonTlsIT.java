package io.vamp.driver.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.marathon.standin.MarathonStandIn;
import io.vamp.driver.spi.DriverException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS with a custom CA: the stand-in serves HTTPS with a self-signed certificate for 127.0.0.1 made by the
 * JDK's keytool (a process, hence an IT); the driver trusts it through {@code ca-file} only.
 */
class MarathonTlsIT {
  @TempDir
  Path dir;

  @Test
  void theDriverTrustsTheGivenCaAndNothingElse() throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path ca = dir.resolve("ca.pem");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(List.of(keytool, "-genkeypair", "-alias", "stand-in", "-keyalg", "RSA", "-keysize", "2048", "-validity",
        "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit"));
    run(List.of(keytool, "-exportcert", "-rfc", "-alias", "stand-in", "-keystore", keystore.toString(),
        "-storepass", "changeit", "-file", ca.toString()));

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);

    try (MarathonStandIn standIn = MarathonStandIn.startTls(context)) {
      assertThat(standIn.url().getScheme()).isEqualTo("https");
      var trusted = new MarathonSchedulerFactory().create(standIn.driverConfig("tls", dir, Map.of("ca-file",
          ca.toString())));
      trusted.deploy(TestWorkloads.web("shop", 1));
      assertThat(trusted.observe()).hasSize(1);

      var untrusted = new MarathonSchedulerFactory().create(standIn.driverConfig("tls", dir, Map.of()));
      assertThatThrownBy(untrusted::observe).isInstanceOf(DriverException.class).hasMessageContaining("marathon");
    }
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }
}
