package io.vamp.model.artifact;

import io.vamp.model.problem.Position;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A group of services with one purpose (usually versions of one thing) behind one internal gateway
 * per port.
 *
 * @param gateways the cluster's gateway settings, per port (a spec without a port applies to every port)
 * @param healthChecks absent when not set at this scope
 */
public record Cluster(
    String name,
    List<Service> services,
    List<GatewaySpec> gateways,
    Optional<Ref<Sla>> sla,
    Optional<List<HealthCheck>> healthChecks,
    Dialects dialects,
    Position position) {

  public Cluster {
    Objects.requireNonNull(name, "name");
    services = List.copyOf(services);
    gateways = List.copyOf(gateways);
    Objects.requireNonNull(sla, "sla");
    healthChecks = healthChecks.map(List::copyOf);
    Objects.requireNonNull(dialects, "dialects");
    Objects.requireNonNull(position, "position");
  }
}
