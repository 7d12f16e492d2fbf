package io.vamp.driver.haproxy.render;

import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.state.RouteTarget;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The observed side of rendering: for each workload port a route targets, the instances to send
 * traffic to and the health check to run on them. A port with no entry has no instances: its routes
 * get no servers.
 */
public final class Endpoints {

  /** The instances of one workload port and, when the workload defines one, its health check. */
  public record Target(List<Endpoint> endpoints, Optional<HealthCheck> healthCheck) {
    public static final Target EMPTY = new Target(List.of(), Optional.empty());

    public Target {
      endpoints = endpoints.stream().sorted().toList();
      for (int i = 1; i < endpoints.size(); i++) {
        if (endpoints.get(i).instance().equals(endpoints.get(i - 1).instance())) {
          throw new IllegalArgumentException("instance '" + endpoints.get(i).instance() + "' is listed twice");
        }
      }
      Objects.requireNonNull(healthCheck, "healthCheck");
    }
  }

  private static final Comparator<RouteTarget.ServicePort> ORDER = Comparator
      .comparing(RouteTarget.ServicePort::workload).thenComparing(RouteTarget.ServicePort::port);

  public static final Endpoints NONE = new Endpoints(Map.of());

  private final Map<RouteTarget.ServicePort, Target> targets;

  private Endpoints(Map<RouteTarget.ServicePort, Target> targets) {
    TreeMap<RouteTarget.ServicePort, Target> sorted = new TreeMap<>(ORDER);
    sorted.putAll(targets);
    this.targets = Collections.unmodifiableMap(sorted);
  }

  public static Endpoints of(Map<RouteTarget.ServicePort, Target> targets) {
    return new Endpoints(targets);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Target target(RouteTarget.ServicePort port) {
    return targets.getOrDefault(port, Target.EMPTY);
  }

  public Map<RouteTarget.ServicePort, Target> targets() {
    return targets;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Endpoints e && e.targets.equals(targets);
  }

  @Override
  public int hashCode() {
    return targets.hashCode();
  }

  @Override
  public String toString() {
    return "Endpoints" + targets;
  }

  /** Collects endpoints per workload port. */
  public static final class Builder {
    private final Map<RouteTarget.ServicePort, List<Endpoint>> endpoints = new TreeMap<>(ORDER);
    private final Map<RouteTarget.ServicePort, HealthCheck> checks = new TreeMap<>(ORDER);

    private Builder() {}

    public Builder add(RouteTarget.ServicePort port, Endpoint... more) {
      endpoints.computeIfAbsent(port, p -> new ArrayList<>()).addAll(List.of(more));
      return this;
    }

    public Builder healthCheck(RouteTarget.ServicePort port, HealthCheck check) {
      checks.put(port, Objects.requireNonNull(check, "check"));
      endpoints.computeIfAbsent(port, p -> new ArrayList<>());
      return this;
    }

    /**
     * Adds the ready instances a scheduler reported for a workload that serve {@code port}, with the
     * workload's health check: the first one naming {@code port}, else its first one, which then
     * checks each instance on the port it names.
     */
    public Builder instances(RouteTarget.ServicePort port, Collection<Instance> instances,
        List<HealthCheck> workloadChecks) {
      Optional<HealthCheck> check = workloadChecks.stream().filter(c -> c.port().equals(port.port())).findFirst()
          .or(() -> workloadChecks.stream().findFirst());
      check.ifPresent(c -> healthCheck(port, c));
      List<Endpoint> list = endpoints.computeIfAbsent(port, p -> new ArrayList<>());
      for (Instance instance : instances) {
        Integer hostPort = instance.ports().get(port.port());
        if (!instance.ready() || hostPort == null) {
          continue;
        }
        OptionalInt checkPort = check.filter(c -> !c.port().equals(port.port()))
            .map(c -> instance.ports().get(c.port())).map(OptionalInt::of).orElse(OptionalInt.empty());
        list.add(new Endpoint(instance.name(), instance.host(), hostPort, checkPort));
      }
      return this;
    }

    public Endpoints build() {
      Map<RouteTarget.ServicePort, Target> targets = new TreeMap<>(ORDER);
      endpoints.forEach((port, list) -> targets.put(port, new Target(list, Optional.ofNullable(checks.get(port)))));
      return new Endpoints(targets);
    }
  }
}
