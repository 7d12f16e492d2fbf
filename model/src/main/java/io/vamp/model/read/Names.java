package io.vamp.model.read;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What names may contain. Names become HAProxy identifiers, Kubernetes object names (hashed when
 * too long), KV keys, file names and environment variable names, so anything that could inject a
 * directive, a path or a second value is refused, never escaped silently. Each check returns the
 * reason a name is refused.
 */
public final class Names {
  private Names() {}

  /** Artifact names (breeds such as {@code sava:1.0.0}, blueprints, deployments, gateways, ...). */
  private static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
  /** Cluster names and dependency aliases: referenced as {@code $cluster.host} and {@code cluster.VAR}. */
  private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");
  /** Port and constant names: referenced as {@code $cluster.ports.NAME}. */
  private static final Pattern TRAIT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");
  /** Environment variable names: what a POSIX shell accepts. */
  private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");
  private static final Pattern DNS_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern METADATA_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,252}");

  public static Optional<String> artifact(String name) {
    if (!ARTIFACT.matcher(name).matches()) {
      return Optional.of("'" + printable(name) + "' is not a safe name: use letters, digits and . _ : -"
          + " (starting with a letter or digit, at most 128 characters)");
    }
    if (name.contains("..")) {
      return Optional.of("'" + name + "' is not a safe name: '..' is not allowed");
    }
    return Optional.empty();
  }

  public static Optional<String> cluster(String name) {
    return CLUSTER.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + printable(name) + "' is not a safe cluster name: use letters, digits, _ and -"
            + " (starting with a letter or digit, at most 63 characters)");
  }

  public static Optional<String> trait(String kind, String name) {
    return TRAIT.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + printable(name) + "' is not a safe " + kind + " name: use letters, digits, _ and -"
            + " (starting with a letter or _, at most 63 characters)");
  }

  public static Optional<String> environmentVariable(String name) {
    return ENV.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + printable(name) + "' is not a valid environment variable name: use letters, digits"
            + " and _ (not starting with a digit)");
  }

  public static Optional<String> metadataKey(String name) {
    return METADATA_KEY.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + printable(name) + "' is not a valid metadata key");
  }

  /** A DNS host name or an IPv4 address. */
  public static Optional<String> host(String host) {
    if (host.isEmpty() || host.length() > 253) {
      return Optional.of("'" + printable(host) + "' is not a valid host name");
    }
    var ip = IPV4.matcher(host);
    if (ip.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(ip.group(i)) > 255) {
          return Optional.of("'" + host + "' is not a valid IPv4 address");
        }
      }
      return Optional.empty();
    }
    for (String label : host.split("\\.", -1)) {
      if (!DNS_LABEL.matcher(label).matches()) {
        return Optional.of("'" + printable(host) + "' is not a valid host name: labels of letters, digits"
            + " and - separated by dots");
      }
    }
    return Optional.empty();
  }

  /** A virtual host name: a host name, optionally with a leading {@code *.} wildcard. */
  public static Optional<String> virtualHost(String name) {
    String host = name.startsWith("*.") ? name.substring(2) : name;
    return host(host).map(reason -> "virtual host " + reason);
  }

  /** Text shown in a message with control characters made visible. */
  static String printable(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length() && i < 80; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    return text.length() > 80 ? out + "..." : out.toString();
  }
}
