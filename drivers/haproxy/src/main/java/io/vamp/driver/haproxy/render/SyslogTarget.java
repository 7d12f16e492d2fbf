package io.vamp.driver.haproxy.render;

import java.util.Locale;
import java.util.Objects;

/**
 * Where HAProxy sends its logs, over UDP: request logs (JSON, facility {@code local0}, level info) and
 * its own events such as servers going down (plain text, facility {@code local1}, level notice), so a
 * receiver tells them apart by facility.
 */
public record SyslogTarget(String host, int port, Format format) {

  /** HAProxy's {@code format} of the syslog message around the log line. */
  public enum Format {
    RFC5424, RFC3164, RAW;

    String haproxy() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public SyslogTarget {
    Safety.host("syslog host", host);
    Safety.port("syslog port", port);
    Objects.requireNonNull(format, "format");
  }

  /** {@code host:port}, RFC 5424 framing. */
  public static SyslogTarget parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("expected host:port, got '" + Safety.printable(hostPort) + "'");
    }
    return new SyslogTarget(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)),
        Format.RFC5424);
  }

  String address() {
    return (host.indexOf(':') >= 0 ? "ipv6@" : "") + host + ":" + port;
  }
}
