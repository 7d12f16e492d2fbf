package io.vamp.driver.local;

import io.vamp.model.state.WorkloadId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * File names for namespaces and workload ids: readable, one-to-one and safe on any file system.
 * Letters, digits, '.' and '-' stay; every other byte becomes {@code _XX} (hex); the parts of a
 * workload id are joined by '+'. Names too long for a file system end in a hash instead.
 */
final class SafeNames {
  private static final int MAX_LENGTH = 200;

  private SafeNames() {}

  static String of(WorkloadId id) {
    return bounded(escape(id.deployment()) + "+" + escape(id.cluster()) + "+" + escape(id.service()));
  }

  static String of(String name) {
    return bounded(escape(name));
  }

  /** {@code PORT_} plus the port name upper-cased, every character but letters and digits as '_'. */
  static String portVariable(String portName) {
    return "PORT_" + portName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }

  private static String escape(String text) {
    if (text.isEmpty() || text.equals(".") || text.equals("..")) {
      return "_" + HexFormat.of().withUpperCase().formatHex(text.getBytes(StandardCharsets.UTF_8)) + "_";
    }
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
        out.append(c);
      } else {
        out.append('_').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }

  private static String bounded(String name) {
    if (name.length() <= MAX_LENGTH) {
      return name;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
      return name.substring(0, MAX_LENGTH - 17) + "~" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
