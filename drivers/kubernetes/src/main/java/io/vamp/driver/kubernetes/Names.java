package io.vamp.driver.kubernetes;

import io.vamp.model.state.WorkloadId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Kubernetes names and label values made from Vamp names: deterministic, valid, and one-to-one by
 * construction (a name that had to be changed ends in a hash of the original).
 */
public final class Names {
  static final int MAX_LABEL = 63;
  private static final int HASH_CHARS = 10;
  private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern PLAIN_PART = Pattern.compile("[a-z0-9]+");
  private static final Pattern IANA_SERVICE_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private Names() {}

  /**
   * The name of a workload's Deployment and Service: an RFC 1035 label (what a Service name must be).
   * {@code deployment-cluster-service} when every part is lowercase letters and digits and the whole
   * fits; otherwise the parts cleaned (lowercase, other characters as '-'), cut to 52 characters and
   * followed by '-' and 10 hex characters of the SHA-256 of {@code deployment/cluster/service}.
   */
  public static String objectName(WorkloadId id) {
    String joined = id.deployment() + "-" + id.cluster() + "-" + id.service();
    boolean plain = PLAIN_PART.matcher(id.deployment()).matches() && PLAIN_PART.matcher(id.cluster()).matches()
        && PLAIN_PART.matcher(id.service()).matches() && Character.isLetter(joined.charAt(0))
        && joined.length() <= MAX_LABEL;
    if (plain) {
      return joined;
    }
    String cleaned = clean(joined.toLowerCase(Locale.ROOT), "[^a-z0-9]");
    if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
      cleaned = "w-" + cleaned;
    }
    return withHash(cleaned, id.toString());
  }

  /** A valid label value: the text itself when valid, else a cleaned prefix and a hash of the text. */
  public static String labelValue(String text) {
    if (text.length() <= MAX_LABEL && LABEL_VALUE.matcher(text).matches()) {
      return text;
    }
    String cleaned = clean(text, "[^-A-Za-z0-9_.]");
    cleaned = cleaned.replaceAll("^[^A-Za-z0-9]+", "");
    return withHash(cleaned.isEmpty() ? "v" : cleaned, text);
  }

  /** The name of a container port (IANA service name: at most 15, lowercase, a letter), or null. */
  static String containerPortName(String breedPortName) {
    boolean valid = breedPortName.length() <= 15 && IANA_SERVICE_NAME.matcher(breedPortName).matches()
        && breedPortName.chars().anyMatch(Character::isLetter);
    return valid ? breedPortName : null;
  }

  /** Whether a text is an RFC 1123 label (a Service port name). */
  static boolean isDnsLabel(String text) {
    return text.length() <= MAX_LABEL && DNS_LABEL.matcher(text).matches();
  }

  static String hash(String text, int hexChars) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, hexChars);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String withHash(String cleaned, String original) {
    String prefix = cleaned.length() > MAX_LABEL - HASH_CHARS - 1
        ? cleaned.substring(0, MAX_LABEL - HASH_CHARS - 1) : cleaned;
    prefix = prefix.replaceAll("[^A-Za-z0-9]+$", "");
    return (prefix.isEmpty() ? "v" : prefix) + "-" + hash(original, HASH_CHARS);
  }

  private static String clean(String text, String invalid) {
    return text.replaceAll(invalid, "-").replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
  }
}
