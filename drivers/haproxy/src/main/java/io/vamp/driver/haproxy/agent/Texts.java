package io.vamp.driver.haproxy.agent;

/** Small text helpers for log lines and status messages. */
final class Texts {
  private Texts() {}

  /** Control characters escaped, cut at {@code max} characters: safe for a log line. */
  static String printable(String text, int max) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= max) {
        return out.append("...").toString();
      }
      char c = text.charAt(i);
      if (c == '\t') {
        out.append(' ');
      } else if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
