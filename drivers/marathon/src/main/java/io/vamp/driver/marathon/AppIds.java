package io.vamp.driver.marathon;

import io.vamp.model.state.WorkloadId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Marathon app ids made from Vamp names: {@code /<group>/<deployment>-<cluster>-<service>}, every path
 * segment valid for Marathon (lowercase letters, digits, '-' and '.', starting and ending with a letter or
 * digit). A segment that had to change ends in '-' and 10 hex characters of the SHA-256 of the original,
 * so two workloads never share an app.
 */
public final class AppIds {
  static final int MAX_SEGMENT = 63;
  private static final int HASH_CHARS = 10;
  private static final Pattern SEGMENT =
      Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");
  private static final Pattern PLAIN_PART = Pattern.compile("[a-z0-9]+(\\.[a-z0-9]+)*");

  private AppIds() {}

  /** The group of a namespace: {@code /<namespace>} (cleaned the same way). */
  public static String group(String namespace) {
    return "/" + segment(namespace, PLAIN_PART.matcher(namespace).matches() || SEGMENT.matcher(namespace).matches());
  }

  /** The app id of a workload in a group. */
  public static String appId(String group, WorkloadId id) {
    String joined = id.deployment() + "-" + id.cluster() + "-" + id.service();
    boolean plain = PLAIN_PART.matcher(id.deployment()).matches() && PLAIN_PART.matcher(id.cluster()).matches()
        && PLAIN_PART.matcher(id.service()).matches();
    return group + "/" + segment(plain ? joined : id.toString(), plain);
  }

  /** Whether a text is a valid Marathon path segment. */
  static boolean validSegment(String text) {
    return text.length() <= MAX_SEGMENT && SEGMENT.matcher(text).matches();
  }

  private static String segment(String original, boolean plain) {
    if (plain && validSegment(original)) {
      return original;
    }
    String cleaned = original.toLowerCase(Locale.ROOT).replace('/', '-')
        .replaceAll("[^a-z0-9.]", "-")
        .replaceAll("[-.]*\\.[-.]*", ".")
        .replaceAll("-{2,}", "-")
        .replaceAll("\\.-|-\\.", "-")
        .replaceAll("^[-.]+|[-.]+$", "");
    if (cleaned.length() > MAX_SEGMENT - HASH_CHARS - 1) {
      cleaned = cleaned.substring(0, MAX_SEGMENT - HASH_CHARS - 1).replaceAll("[-.]+$", "");
    }
    return (cleaned.isEmpty() ? "w" : cleaned) + "-" + hash(original);
  }

  static String hash(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
