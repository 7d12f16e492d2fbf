package io.vamp.model.resolve;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What resolution needs besides the repository.
 *
 * @param gatewayHost the address services reach each other through ({@code $cluster.host}): the
 *     gateway agents' address or service name
 * @param portRangeStart first port handed to gateways that do not name one
 * @param portRangeEnd last such port (inclusive)
 * @param previousPorts ports assigned to gateways by the last applied revision, kept when still
 *     free so a new commit does not move a running gateway
 * @param virtualHostDomain when present, every gateway also gets automatic virtual hosts under it
 * @param namespace the daemon's namespace, for messages
 */
public record ResolveContext(
    String gatewayHost, int portRangeStart, int portRangeEnd, Map<String, Integer> previousPorts,
    Optional<String> virtualHostDomain, String namespace) {

  public static final ResolveContext DEFAULT =
      new ResolveContext("127.0.0.1", 40000, 45000, Map.of(), Optional.empty(), "default");

  public ResolveContext {
    Objects.requireNonNull(gatewayHost, "gatewayHost");
    previousPorts = Map.copyOf(previousPorts);
    Objects.requireNonNull(virtualHostDomain, "virtualHostDomain");
    Objects.requireNonNull(namespace, "namespace");
    if (portRangeStart < 1 || portRangeEnd > 65535 || portRangeStart > portRangeEnd) {
      throw new IllegalArgumentException("bad gateway port range " + portRangeStart + "-" + portRangeEnd);
    }
  }

  public ResolveContext withPreviousPorts(Map<String, Integer> ports) {
    return new ResolveContext(gatewayHost, portRangeStart, portRangeEnd, ports, virtualHostDomain, namespace);
  }
}
