package io.vamp.driver.spi.kv;

import java.util.Objects;

/**
 * The key and prefix rules every {@link KeyValueStore} shares, so that all backends accept and list
 * the same keys.
 *
 * <p>A key is an absolute path: it starts with {@code /}, has at least one segment, no empty segment
 * (no {@code //}, no trailing {@code /}), no {@code .} or {@code ..} segment and no control character.
 * A prefix is a path too: {@code /a/b} covers {@code /a/b} itself and everything below {@code /a/b/},
 * but not {@code /a/bc}. A trailing {@code /} on a prefix is ignored and {@code /} covers every key.
 */
public final class KeyPaths {
  private KeyPaths() {}

  /** Returns {@code key} if it is a valid key, else throws {@link IllegalArgumentException}. */
  public static String requireKey(String key) {
    Objects.requireNonNull(key, "key");
    String problem = problem(key);
    if (problem != null) {
      throw new IllegalArgumentException("invalid key '" + printable(key) + "': " + problem);
    }
    return key;
  }

  /** Checks the arguments of {@link KeyValueStore#putIfFenced}: both keys valid, no null value. */
  public static void requireFencedWrite(String key, String value, String fenceKey, String fenceValue) {
    requireKey(key);
    requireKey(fenceKey);
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(fenceValue, "fenceValue");
  }

  /**
   * The canonical form of a prefix ({@code /a/b/} becomes {@code /a/b}; {@code /} stays), or
   * {@link IllegalArgumentException} if it is not a path.
   */
  public static String normalizePrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (prefix.equals("/")) {
      return prefix;
    }
    String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    String problem = problem(trimmed);
    if (problem != null) {
      throw new IllegalArgumentException("invalid prefix '" + printable(prefix) + "': " + problem);
    }
    return trimmed;
  }

  /** Whether {@code key} is under the normalized {@code prefix} (equal to it, or below it). */
  public static boolean isUnder(String key, String normalizedPrefix) {
    if (normalizedPrefix.equals("/")) {
      return true;
    }
    return key.startsWith(normalizedPrefix)
        && (key.length() == normalizedPrefix.length() || key.charAt(normalizedPrefix.length()) == '/');
  }

  private static String problem(String key) {
    if (!key.startsWith("/")) {
      return "a key starts with '/'";
    }
    if (key.length() == 1) {
      return "a key has at least one segment";
    }
    if (key.endsWith("/")) {
      return "a key does not end with '/'";
    }
    for (String segment : key.substring(1).split("/", -1)) {
      if (segment.isEmpty()) {
        return "a key has no empty segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "a key has no '.' or '..' segment";
      }
    }
    for (int i = 0; i < key.length(); i++) {
      if (Character.isISOControl(key.charAt(i))) {
        return "a key has no control character";
      }
    }
    return null;
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().limit(200).forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
