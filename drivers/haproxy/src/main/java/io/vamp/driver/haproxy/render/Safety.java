package io.vamp.driver.haproxy.render;

import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The renderer's own checks on everything that reaches it from a repository or a scheduler. The model
 * validates the same things upstream; the renderer checks again because a configuration line is
 * where a newline, a {@code #} or a stray quote turns data into a directive. Every check throws
 * {@link UnsafeInputException}; nothing is escaped or dropped silently.
 */
final class Safety {

  /** Gateway, route and instance names: never rendered as written, but refused when they hold anything odd. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:/@\\[\\]+~,=-]{1,512}");
  /** RFC 7230 token characters without {@code #} and {@code '}: the model's rule for header and cookie names. */
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9!$%&*+.^_`|~-]{1,256}");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
  /** The model's rewrite alphabet; the path part additionally has no spaces or quotes. */
  private static final Pattern REWRITE_CONDITION =
      Pattern.compile("[A-Za-z0-9 _.,:;/%\\[\\](){}'\"=<>!*+?^$|~&@-]{1,1024}");
  private static final Pattern REWRITE_PATH = Pattern.compile("[A-Za-z0-9_.,:;/%\\[\\](){}=<>!*+?^$|~&@-]{1,1024}");
  private static final Pattern HEALTH_PATH = Pattern.compile("/[A-Za-z0-9._~!$&()*+,;=:@%/?-]{0,1023}");
  private static final Pattern RAW_ACL = Pattern.compile("[A-Za-z0-9 _\\-.()/:,'\"=!*+?^$\\[\\]|~%]{1,4096}");
  private static final Pattern FILE_PATH = Pattern.compile("/[A-Za-z0-9._/-]{0,254}");
  /** sun_path is 108 bytes including the terminating NUL. */
  static final int MAX_UNIX_SOCKET_PATH = 107;

  private Safety() {}

  static String name(String what, String value) {
    require(value != null, () -> what + " is missing");
    require(NAME.matcher(value).matches(),
        () -> what + " '" + printable(value) + "' has characters the renderer does not"
        + " accept (letters, digits and . _ : / @ [ ] + ~ , = -)");
    return value;
  }

  /** A value compared in an ACL: printable ASCII without quotes, backslash or {@code #}; rendered single-quoted. */
  static String aclValue(String what, String value) {
    require(value != null && !value.isEmpty(), () -> what + " is empty");
    int bad = -1;
    for (int i = 0; i < value.length() && bad < 0; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '\'' || c == '"' || c == '\\' || c == '#') {
        bad = i;
      }
    }
    int at = bad;
    require(at < 0, () -> what + " '" + printable(value) + "' has a character HAProxy would not read as data at index "
        + at);
    return value;
  }

  static String token(String what, String value) {
    require(value != null && TOKEN.matcher(value).matches(), () -> what + " '" + printable(value)
        + "' is not a header or cookie name (letters, digits and !$%&*+.^_`|~-)");
    return value;
  }

  /** A host name, an IPv4 address or an IPv6 address (without brackets). */
  static String host(String what, String value) {
    require(value != null && !value.isEmpty() && value.length() <= 253, () -> what + " is not a host");
    if (value.indexOf(':') >= 0) {
      require(IPV6.matcher(value).matches(), () -> what + " '" + printable(value) + "' is not an IPv6 address");
      return value;
    }
    var ip = IPV4.matcher(value);
    if (ip.matches()) {
      for (int i = 1; i <= 4; i++) {
        require(Integer.parseInt(ip.group(i)) <= 255, () -> what + " '" + value + "' is not an IPv4 address");
      }
      return value;
    }
    for (String label : value.split("\\.", -1)) {
      require(DNS_LABEL.matcher(label).matches(), () -> what + " '" + printable(value) + "' is not a host name");
    }
    return value;
  }

  /** A virtual host: a host name with an optional leading {@code *.}. */
  static String virtualHost(String value) {
    require(value != null, () -> "virtual host is missing");
    String host = value.startsWith("*.") ? value.substring(2) : value;
    require(host.indexOf(':') < 0, () -> "virtual host '" + printable(value) + "' is not a host name");
    host("virtual host", host);
    return value;
  }

  static int port(String what, int port) {
    require(port >= 1 && port <= 65535, () -> what + " " + port + " is not a port (1-65535)");
    return port;
  }

  static String rewritePath(String value) {
    require(value != null && REWRITE_PATH.matcher(value).matches(), () -> "rewrite path '" + printable(value)
        + "' has characters the renderer does not accept (no spaces, quotes, backslash or #)");
    return value;
  }

  static String rewriteCondition(String value) {
    require(value != null && REWRITE_CONDITION.matcher(value).matches(),
        () -> "rewrite condition '" + printable(value)
        + "' has characters the renderer does not accept (no backslash, # or control characters)");
    quotesBalancedWithoutDollarInDoubleQuotes("rewrite condition", value);
    return value;
  }

  static String rawAcl(String value) {
    require(value != null && !value.isBlank() && RAW_ACL.matcher(value).matches(),
        () -> "raw ACL '" + printable(value)
        + "' has characters the renderer does not accept");
    quotesBalancedWithoutDollarInDoubleQuotes("raw ACL", value);
    return value;
  }

  static String healthCheckPath(String value) {
    require(value != null && HEALTH_PATH.matcher(value).matches(), () -> "health check path '" + printable(value)
        + "' is not a plain URL path (no spaces, quotes, backslash or #)");
    return value;
  }

  /** An absolute file path of plain characters: sockets, the server-state file. */
  static String filePath(String what, Path path) {
    String text = path == null ? null : path.toString();
    require(text != null && FILE_PATH.matcher(text).matches() && !text.contains("/../") && !text.endsWith("/.."),
        () -> what + " '" + printable(text) + "' must be an absolute path of letters, digits"
        + " and . _ / -");
    return text;
  }

  static String bindAddress(String value) {
    require(value != null, () -> "bind address is missing");
    if (value.indexOf(':') >= 0) {
      return host("bind address", value);
    }
    require(IPV4.matcher(value).matches(),
        () -> "bind address '" + printable(value) + "' must be an IPv4 or IPv6 address");
    return host("bind address", value);
  }

  private static void quotesBalancedWithoutDollarInDoubleQuotes(String what, String value) {
    char open = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (open == 0 && (c == '\'' || c == '"')) {
        open = c;
      } else if (c == open) {
        open = 0;
      } else if (c == '$' && open == '"') {
        throw new UnsafeInputException(what + " '" + value + "' has '$' inside double quotes, which HAProxy would"
            + " expand as an environment variable");
      }
    }
    require(open == 0, () -> what + " '" + value + "' has a quote that is not closed");
  }

  /** The message is built only when the check fails: rendering checks every name and value. */
  static void require(boolean ok, Supplier<String> message) {
    if (!ok) {
      throw new UnsafeInputException(message.get());
    }
  }

  /** Text for a message: anything outside printable ASCII becomes U+XXXX, and long text is cut. */
  static String printable(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 80; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e ? String.valueOf(c) : String.format("U+%04X", (int) c));
    }
    return text.length() > 80 ? out + "..." : out.toString();
  }
}
