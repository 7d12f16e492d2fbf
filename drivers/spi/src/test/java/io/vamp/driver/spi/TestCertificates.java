package io.vamp.driver.spi;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1/localhost made with the JDK's keytool, written as PEM files
 * (certificate, PKCS#8 key) and as the PKCS#12 store keytool made.
 */
public record TestCertificates(Path certificate, Path key, Path pkcs12, char[] password) {

  public static TestCertificates create(Path dir, String name) throws Exception {
    Path store = dir.resolve(name + ".p12");
    char[] password = "changeit".toCharArray();
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", name,
        "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name, "-ext", "SAN=ip:127.0.0.1,dns:localhost",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", "changeit",
        "-keypass", "changeit")).redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes());
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keyStore.load(in, password);
    }
    PrivateKey key = (PrivateKey) keyStore.getKey(name, password);
    Certificate cert = keyStore.getCertificate(name);
    Path certFile = Files.writeString(dir.resolve(name + ".crt"), pem("CERTIFICATE", cert.getEncoded()));
    Path keyFile = Files.writeString(dir.resolve(name + ".key"), pem("PRIVATE KEY", key.getEncoded()));
    return new TestCertificates(certFile, keyFile, store, password);
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
