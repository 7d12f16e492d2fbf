package io.vamp.reconciler.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Decides whether a webhook request proves knowledge of the shared secret. A pure function of the
 * headers and the raw body bytes: no I/O, no state, nothing read from the payload. An accepted
 * request only earns an immediate poll; the revision is always read from Git itself.
 *
 * <p>Exactly one recognised proof header must be present, once. All comparisons are constant-time
 * ({@link MessageDigest#isEqual}); a GitLab token is compared through SHA-256 digests so its length
 * does not leak either. Rejection reasons never contain the secret or the expected signature.
 */
public final class WebhookVerifier {

  private static final String HMAC = "HmacSHA256";
  private static final String SHA256_PREFIX = "sha256=";
  private static final String GITHUB_SHA1_HEADER = "X-Hub-Signature";

  private final byte[] secret;
  private final Set<Provider> enabled;

  /** Accepts every {@link Provider}, each proven with the same secret. */
  public WebhookVerifier(byte[] secret) {
    this(secret, EnumSet.allOf(Provider.class));
  }

  /** @param secret copied; must not be empty  @param enabled the providers to accept */
  public WebhookVerifier(byte[] secret, Set<Provider> enabled) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length == 0) {
      throw new IllegalArgumentException("the webhook secret must not be empty");
    }
    if (enabled.isEmpty()) {
      throw new IllegalArgumentException("at least one provider must be enabled");
    }
    this.secret = secret.clone();
    this.enabled = EnumSet.copyOf(enabled);
  }

  /**
   * @param headers request headers; names compared case-insensitively
   * @param body the raw request body, exactly as received
   */
  public Verification verify(Map<String, List<String>> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    Objects.requireNonNull(body, "body");
    List<Provider> present = new ArrayList<>();
    for (Provider provider : Provider.values()) {
      if (!values(headers, provider.header()).isEmpty()) {
        present.add(provider);
      }
    }
    if (present.isEmpty()) {
      if (!values(headers, GITHUB_SHA1_HEADER).isEmpty()) {
        return new Verification.Rejected("only X-Hub-Signature (SHA-1) was sent; "
            + "X-Hub-Signature-256 is required");
      }
      return new Verification.Rejected("no signature header (expected one of "
          + enabledHeaders() + ")");
    }
    if (present.size() > 1) {
      return new Verification.Rejected("more than one signature header: "
          + present.stream().map(Provider::header).toList());
    }
    Provider provider = present.get(0);
    if (!enabled.contains(provider)) {
      return new Verification.Rejected(provider.header() + " is not accepted here");
    }
    List<String> values = values(headers, provider.header());
    if (values.size() != 1) {
      return new Verification.Rejected(provider.header() + " was sent " + values.size() + " times");
    }
    String value = values.get(0).strip();
    boolean valid = switch (provider) {
      case GITHUB, GENERIC -> {
        byte[] claimed = parseSignature(value);
        if (claimed == null) {
          yield false;
        }
        yield MessageDigest.isEqual(hmac(body), claimed);
      }
      case GITLAB -> MessageDigest.isEqual(sha256(value.getBytes(StandardCharsets.UTF_8)),
          sha256(secret));
    };
    if (!valid) {
      boolean malformed = provider != Provider.GITLAB && parseSignature(value) == null;
      return new Verification.Rejected(provider.header() + (malformed
          ? " is malformed (expected sha256= and 64 hex digits)"
          : provider == Provider.GITLAB ? " does not match the secret"
              : " does not match the body and the secret"));
    }
    return new Verification.Accepted(provider);
  }

  @Override
  public String toString() {
    return "WebhookVerifier[providers=" + enabled + ", secret=***]";
  }

  private String enabledHeaders() {
    return enabled.stream().map(Provider::header).toList().toString();
  }

  /** {@code sha256=} then exactly 64 hex digits (either case); else null. */
  private static byte[] parseSignature(String value) {
    if (value.length() != SHA256_PREFIX.length() + 64
        || !value.substring(0, SHA256_PREFIX.length()).toLowerCase(Locale.ROOT)
            .equals(SHA256_PREFIX)) {
      return null;
    }
    String hex = value.substring(SHA256_PREFIX.length());
    for (int i = 0; i < hex.length(); i++) {
      if (Character.digit(hex.charAt(i), 16) < 0) {
        return null;
      }
    }
    return HexFormat.of().parseHex(hex);
  }

  private static List<String> values(Map<String, List<String>> headers, String name) {
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)
          && header.getValue() != null) {
        found.addAll(header.getValue());
      }
    }
    return found;
  }

  private byte[] hmac(byte[] body) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }
}
