package io.vamp.driver.zookeeper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * How keys map onto ZooKeeper nodes, so that keys stay flat although ZooKeeper's nodes form a tree.
 *
 * <p>Key {@code /a/b} is the <em>key node</em> {@code /a/b} (a structural container, never a key by itself)
 * with its value in the child {@code /a/b/%}. Writing {@code /a/b/c} creates key nodes {@code /a},
 * {@code /a/b}, {@code /a/b/c} and the value node {@code /a/b/c/%}, so {@code /a/b} does not exist as a
 * key; deleting {@code /a/b} removes {@code /a/b/%} only, so {@code /a/b/c} stays. Key nodes are
 * ZooKeeper containers: the server removes them once they have no children left.
 *
 * <p>Each key segment is a node name, percent-encoded where ZooKeeper would refuse or misread it: {@code %}
 * itself, the characters ZooKeeper forbids in names (controls, surrogates, private use, U+FFF0-U+FFFF),
 * and the first segment {@code zookeeper} (reserved at the root). A lone {@code %} can therefore never be
 * a key segment and marks the value; other names starting with {@code %} that do not decode (such as
 * {@code %elections}) hold the driver's own data and are never listed as keys.
 */
final class NodePaths {

  /** The name of the node holding a key's value. */
  static final String VALUE = "%";
  /** Where leader elections live, beside the keys. */
  static final String ELECTIONS = "/%elections";

  private NodePaths() {}

  /** The key node of a valid key or normalized prefix ({@code /} maps to the root {@code /}). */
  static String keyNode(String keyOrPrefix) {
    if (keyOrPrefix.equals("/")) {
      return "/";
    }
    StringBuilder out = new StringBuilder();
    String[] segments = keyOrPrefix.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      out.append('/').append(encodeSegment(segments[i], i == 0));
    }
    return out.toString();
  }

  /** The value node of a valid key. */
  static String valueNode(String key) {
    return keyNode(key) + "/" + VALUE;
  }

  /** The node under which the candidates of one election queue. */
  static String electionNode(String name) {
    return ELECTIONS + "/" + encodeSegment(name, false);
  }

  /** The child path of a node path ({@code /} as the root). */
  static String child(String node, String name) {
    return node.equals("/") ? "/" + name : node + "/" + name;
  }

  /** The key a value node path stands for, or empty when the path is not a value node of ours. */
  static Optional<String> keyOfValueNode(String path) {
    if (path == null || !path.endsWith("/" + VALUE)) {
      return Optional.empty();
    }
    return keyOfKeyNode(path.substring(0, path.length() - VALUE.length() - 1));
  }

  /** The key a key node path stands for, or empty when a segment is not one of ours. */
  static Optional<String> keyOfKeyNode(String node) {
    if (node.isEmpty() || node.equals("/")) {
      return Optional.empty();
    }
    StringBuilder key = new StringBuilder();
    String[] names = node.substring(1).split("/", -1);
    for (int i = 0; i < names.length; i++) {
      Optional<String> segment = decodeSegment(names[i], i == 0);
      if (segment.isEmpty()) {
        return Optional.empty();
      }
      key.append('/').append(segment.get());
    }
    return Optional.of(key.toString());
  }

  /** The key segment a child node name stands for, or empty when the name is not one of ours. */
  static Optional<String> decodeSegment(String name, boolean first) {
    if (name.isEmpty() || name.equals(VALUE)) {
      return Optional.empty();
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < name.length()) {
      char c = name.charAt(i);
      if (c == '%') {
        if (i + 2 >= name.length()) {
          return Optional.empty();
        }
        int hi = Character.digit(name.charAt(i + 1), 16);
        int lo = Character.digit(name.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return Optional.empty();
        }
        bytes.write(hi * 16 + lo);
        i += 3;
      } else {
        if (bytes.size() > 0) {
          out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
          bytes.reset();
        }
        out.append(c);
        i++;
      }
    }
    if (bytes.size() > 0) {
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
    String segment = out.toString();
    // only the canonical encoding is ours: anything else is a node someone else made
    return encodeSegment(segment, first).equals(name) ? Optional.of(segment) : Optional.empty();
  }

  static String encodeSegment(String segment, boolean first) {
    if (first && segment.equals("zookeeper")) {
      return "%7Aookeeper";
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < segment.length()) {
      int codePoint = segment.codePointAt(i);
      int length = Character.charCount(codePoint);
      if (needsEscape(codePoint)) {
        for (byte b : segment.substring(i, i + length).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
      } else {
        out.appendCodePoint(codePoint);
      }
      i += length;
    }
    return out.toString();
  }

  // ZooKeeper's PathUtils refuses these in node names; '/' separates names
  private static boolean needsEscape(int c) {
    return c == '%' || c == '/' || c <= 0x1F || (c >= 0x7F && c <= 0x9F)
        || (c >= 0xD800 && c <= 0xF8FF) || (c >= 0xFFF0 && c <= 0xFFFF) || c > 0xFFFF;
  }
}
