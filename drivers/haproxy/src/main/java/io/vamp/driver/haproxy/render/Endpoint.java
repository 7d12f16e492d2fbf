package io.vamp.driver.haproxy.render;

import java.util.Comparator;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * One instance of a workload port, as a route reaches it.
 *
 * @param instance the scheduler's name of the instance: the server's name and sticky-cookie value derive
 *     from it, so instance stickiness survives other instances coming and going
 * @param host an IPv4 or IPv6 address or a host name
 * @param checkPort where the health check goes when the workload checks another port than the route's
 */
public record Endpoint(String instance, String host, int port, OptionalInt checkPort) implements Comparable<Endpoint> {

  private static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::instance)
      .thenComparing(Endpoint::host).thenComparingInt(Endpoint::port);

  public Endpoint {
    Safety.name("instance name", instance);
    Safety.host("instance host", host);
    Safety.port("instance port", port);
    Objects.requireNonNull(checkPort, "checkPort");
    checkPort.ifPresent(p -> Safety.port("health check port", p));
  }

  public Endpoint(String instance, String host, int port) {
    this(instance, host, port, OptionalInt.empty());
  }

  @Override
  public int compareTo(Endpoint other) {
    return ORDER.compare(this, other);
  }
}
