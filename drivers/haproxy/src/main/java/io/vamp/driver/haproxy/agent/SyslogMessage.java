package io.vamp.driver.haproxy.agent;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One syslog datagram as HAProxy sends it: RFC 5424 ({@code <134>1 2024-05-01T10:00:00.123+00:00 host
 * haproxy 123 - - MSG}), RFC 3164 ({@code <134>May  1 10:00:00 host haproxy[123]: MSG}, the host may be
 * missing) or raw (the message alone).
 *
 * @param facility 0-23 ({@code local0} is 16), or -1 for a raw message
 * @param severity 0-7 ({@code info} is 6), or -1 for a raw message
 * @param timestamp as written by the sender, empty when absent
 * @param host as written by the sender ({@code -} and absent give empty)
 * @param message the text after the header, without a trailing newline
 */
record SyslogMessage(int facility, int severity, String timestamp, String host, String message) {

  private static final Pattern PRI = Pattern.compile("^<(\\d{1,3})>");
  private static final Pattern RFC3164_TIMESTAMP = Pattern.compile("^[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} ");

  static Optional<SyslogMessage> parse(String datagram) {
    String text = stripNewline(datagram);
    Matcher pri = PRI.matcher(text);
    if (!pri.find()) {
      return text.isBlank() ? Optional.empty() : Optional.of(new SyslogMessage(-1, -1, "", "", text));
    }
    int value = Integer.parseInt(pri.group(1));
    if (value > 191) {
      return Optional.empty();
    }
    String rest = text.substring(pri.end());
    return rest.startsWith("1 ") ? rfc5424(value, rest.substring(2)) : rfc3164(value, rest);
  }

  private static Optional<SyslogMessage> rfc5424(int pri, String rest) {
    // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA [MSG]
    String[] header = new String[5];
    int at = 0;
    for (int i = 0; i < header.length; i++) {
      int space = rest.indexOf(' ', at);
      if (space < 0) {
        return Optional.empty();
      }
      header[i] = rest.substring(at, space);
      at = space + 1;
    }
    int afterData = structuredDataEnd(rest, at);
    if (afterData < 0) {
      return Optional.empty();
    }
    String message = afterData >= rest.length() ? "" : rest.substring(afterData + (rest.charAt(afterData) == ' ' ? 1 : 0));
    if (message.startsWith("\uFEFF")) {
      message = message.substring(1);
    }
    return Optional.of(new SyslogMessage(pri / 8, pri % 8, nil(header[0]), nil(header[1]), message));
  }

  /** The index just after STRUCTURED-DATA ({@code -} or {@code [..][..]}, with {@code \]} escapes). */
  private static int structuredDataEnd(String text, int start) {
    if (start >= text.length()) {
      return -1;
    }
    if (text.charAt(start) == '-') {
      return start + 1;
    }
    int i = start;
    while (i < text.length() && text.charAt(i) == '[') {
      i++;
      while (i < text.length() && text.charAt(i) != ']') {
        i += text.charAt(i) == '\\' ? 2 : 1;
      }
      if (i >= text.length()) {
        return -1;
      }
      i++;
    }
    return i == start ? -1 : i;
  }

  private static Optional<SyslogMessage> rfc3164(int pri, String rest) {
    Matcher timestamp = RFC3164_TIMESTAMP.matcher(rest);
    String time = "";
    if (timestamp.find()) {
      time = rest.substring(0, timestamp.end() - 1);
      rest = rest.substring(timestamp.end());
    }
    // [HOST ]TAG[PID]: MSG
    int colon = rest.indexOf(": ");
    if (colon < 0) {
      return Optional.of(new SyslogMessage(pri / 8, pri % 8, time, "", rest));
    }
    String[] words = rest.substring(0, colon).split(" ");
    String host = words.length >= 2 ? words[0] : "";
    return Optional.of(new SyslogMessage(pri / 8, pri % 8, time, host, rest.substring(colon + 2)));
  }

  private static String nil(String value) {
    return value.equals("-") ? "" : value;
  }

  private static String stripNewline(String text) {
    int end = text.length();
    while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r' || text.charAt(end - 1) == '\0')) {
      end--;
    }
    return text.substring(0, end);
  }
}
