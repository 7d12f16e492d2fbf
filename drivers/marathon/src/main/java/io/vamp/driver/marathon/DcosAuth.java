package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.driver.spi.DriverException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * DC/OS authentication: the {@code Authorization: token=<token>} header, from a given token, a token file
 * (read again when refused), or a service-account login: an RS256 JWT with the account's {@code uid} and
 * an {@code exp} claim, signed with its private key, is posted to {@code /acs/api/v1/auth/login} for an
 * authentication token; when a request is refused (401) the driver logs in again once and retries.
 * Tokens are never logged.
 */
final class DcosAuth {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration LOGIN_TOKEN_LIFETIME = Duration.ofMinutes(5);

  private final Optional<String> givenToken;
  private final Optional<Path> tokenFile;
  private final Optional<String> uid;
  private final Optional<PrivateKey> privateKey;
  private final URI loginUrl;
  private final Duration timeout;
  private final Clock clock;
  private volatile String token;

  DcosAuth(MarathonSettings settings, Clock clock) {
    this.givenToken = settings.token();
    this.tokenFile = settings.tokenFile();
    this.uid = settings.uid();
    this.privateKey = settings.privateKeyFile().map(DcosAuth::readKey);
    this.loginUrl = settings.loginUrl();
    this.timeout = settings.requestTimeout();
    this.clock = clock;
    this.token = givenToken.orElse(null);
  }

  boolean enabled() {
    return givenToken.isPresent() || tokenFile.isPresent() || uid.isPresent();
  }

  /** Whether a refused request is worth retrying with a new token. */
  boolean canRenew() {
    return tokenFile.isPresent() || uid.isPresent();
  }

  /** The header value, logging in first if there is no token yet. */
  Optional<String> header(HttpClient http) {
    if (!enabled()) {
      return Optional.empty();
    }
    String current = token;
    if (current == null) {
      current = renew(http);
    }
    return Optional.of("token=" + current);
  }

  /** A new token: the file read again, or a new login. */
  synchronized String renew(HttpClient http) {
    if (tokenFile.isPresent()) {
      try {
        token = Files.readString(tokenFile.get(), StandardCharsets.UTF_8).strip();
        return token;
      } catch (IOException e) {
        throw new DriverException("marathon: token-file " + tokenFile.get() + " cannot be read", false);
      }
    }
    if (uid.isPresent()) {
      token = login(http);
      return token;
    }
    return token;
  }

  private String login(HttpClient http) {
    String body = MAPPER.createObjectNode().put("uid", uid.get()).put("token", serviceLoginToken()).toString();
    HttpRequest request = HttpRequest.newBuilder(loginUrl).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new DriverException("marathon: DC/OS login of service account '" + uid.get() + "' at " + loginUrl
            + " answered HTTP " + response.statusCode(), response.statusCode() >= 500);
      }
      JsonNode answer = MAPPER.readTree(response.body());
      String issued = answer.path("token").asText("");
      if (issued.isEmpty()) {
        throw new DriverException("marathon: DC/OS login answered without a token", false);
      }
      return issued;
    } catch (IOException e) {
      throw new DriverException("marathon: DC/OS login at " + loginUrl + " failed: " + e.getMessage(), e, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DriverException("interrupted during the DC/OS login", e, true);
    }
  }

  /** {@code base64url(header).base64url(claims).base64url(RS256 signature)}. */
  String serviceLoginToken() {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
    long exp = clock.instant().plus(LOGIN_TOKEN_LIFETIME).getEpochSecond();
    String claims = b64.encodeToString(MAPPER.createObjectNode().put("uid", uid.orElseThrow()).put("exp", exp)
        .toString().getBytes(StandardCharsets.UTF_8));
    try {
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initSign(privateKey.orElseThrow());
      rs256.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
      return header + "." + claims + "." + b64.encodeToString(rs256.sign());
    } catch (GeneralSecurityException e) {
      throw new DriverException("marathon: cannot sign the service login token: " + e.getMessage(), e, false);
    }
  }

  /** An RSA private key from PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). */
  static PrivateKey readKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new DriverException("marathon: private-key-file " + file + " cannot be read", false);
    }
    boolean pkcs1 = pem.contains("BEGIN RSA PRIVATE KEY");
    String base64 = pem.replaceAll("-----(BEGIN|END) (RSA )?PRIVATE KEY-----", "").replaceAll("\\s", "");
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      if (pkcs1) {
        der = pkcs1ToPkcs8(der);
      }
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new DriverException("marathon: private-key-file " + file + " is not an RSA private key in PEM", false);
    }
  }

  /** Wraps a PKCS#1 RSAPrivateKey in a PKCS#8 PrivateKeyInfo (version 0, rsaEncryption, the key as octets). */
  private static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = concat(new byte[] {0x04}, length(pkcs1.length), pkcs1);
    byte[] content = concat(version, algorithm, octets);
    return concat(new byte[] {0x30}, length(content.length), content);
  }

  private static byte[] length(int n) {
    if (n < 0x80) {
      return new byte[] {(byte) n};
    }
    if (n < 0x100) {
      return new byte[] {(byte) 0x81, (byte) n};
    }
    if (n < 0x10000) {
      return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
    }
    return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
  }

  private static byte[] concat(byte[]... parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    byte[] out = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
