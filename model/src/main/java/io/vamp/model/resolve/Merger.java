package io.vamp.model.resolve;

import io.vamp.model.artifact.Blueprint;
import io.vamp.model.artifact.Cluster;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.EnvironmentVariable;
import io.vamp.model.artifact.GatewaySpec;
import io.vamp.model.artifact.RouteSpec;
import io.vamp.model.artifact.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Vamp's merge of blueprints into a deployment, in order: a later blueprint adds clusters and
 * services; for a service already there (same breed name) it updates scale, environment, health
 * checks and dialects; cluster gateway routes are merged route by route; external gateways port by
 * port; environment variables by cluster and name.
 */
final class Merger {
  private Merger() {}

  static Blueprint merge(String name, List<Blueprint> inOrder) {
    Map<String, Cluster> clusters = new LinkedHashMap<>();
    Map<String, GatewaySpec> gateways = new LinkedHashMap<>();
    Map<String, EnvironmentVariable> env = new LinkedHashMap<>();
    Dialects dialects = Dialects.NONE;
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Blueprint blueprint : inOrder) {
      for (Cluster cluster : blueprint.clusters()) {
        clusters.merge(cluster.name(), cluster, Merger::mergeCluster);
      }
      for (GatewaySpec gateway : blueprint.gateways()) {
        gateways.merge(portNumber(gateway.port().orElse("")), gateway, Merger::mergeGateway);
      }
      for (EnvironmentVariable variable : blueprint.environmentVariables()) {
        env.remove(variable.dslKey());
        env.put(variable.cluster().orElse("") + "." + variable.name(), variable);
      }
      dialects = dialects.overriddenBy(blueprint.dialects());
      metadata.putAll(blueprint.metadata());
    }
    Blueprint last = inOrder.get(inOrder.size() - 1);
    return new Blueprint(name, metadata, List.copyOf(gateways.values()), List.copyOf(clusters.values()),
        List.copyOf(env.values()), dialects, last.position());
  }

  private static String portNumber(String port) {
    int slash = port.indexOf('/');
    return slash < 0 ? port : port.substring(0, slash);
  }

  private static Cluster mergeCluster(Cluster earlier, Cluster later) {
    Map<String, Service> services = new LinkedHashMap<>();
    for (Service service : earlier.services()) {
      services.put(service.breed().name(), service);
    }
    for (Service service : later.services()) {
      services.merge(service.breed().name(), service, Service::overriddenBy);
    }
    Map<Optional<String>, GatewaySpec> gateways = new LinkedHashMap<>();
    for (GatewaySpec spec : earlier.gateways()) {
      gateways.put(spec.port(), spec);
    }
    for (GatewaySpec spec : later.gateways()) {
      gateways.merge(spec.port(), spec, Merger::mergeGateway);
    }
    return new Cluster(earlier.name(), List.copyOf(services.values()), List.copyOf(gateways.values()),
        later.sla().or(earlier::sla), later.healthChecks().or(earlier::healthChecks),
        earlier.dialects().overriddenBy(later.dialects()), earlier.position());
  }

  private static GatewaySpec mergeGateway(GatewaySpec earlier, GatewaySpec later) {
    Map<String, RouteSpec> routes = new LinkedHashMap<>();
    for (RouteSpec route : earlier.routes()) {
      routes.put(route.target(), route);
    }
    for (RouteSpec route : later.routes()) {
      routes.merge(route.target(), route, RouteSpec::overriddenBy);
    }
    List<String> hosts = new ArrayList<>(earlier.virtualHosts());
    later.virtualHosts().stream().filter(h -> !hosts.contains(h)).forEach(hosts::add);
    return new GatewaySpec(later.port().or(earlier::port), later.sticky().or(earlier::sticky), hosts,
        List.copyOf(routes.values()), later.position());
  }
}
