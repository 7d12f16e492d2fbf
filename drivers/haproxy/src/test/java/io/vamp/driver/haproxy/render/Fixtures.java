package io.vamp.driver.haproxy.render;

import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.condition.ConditionParser;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Small builders for gateways and routes as the model resolves them. */
final class Fixtures {
  /** Where golden configurations pretend the agent keeps its sockets and state. */
  static final Path RUN = Path.of("/run/vamp");

  private Fixtures() {}

  static RenderSettings settings() {
    return RenderSettings.defaults(RUN);
  }

  static RouteTarget.ServicePort service(String workloadId, String port) {
    return new RouteTarget.ServicePort(WorkloadId.parse(workloadId), port);
  }

  static Gateway http(String name, int port, Route... routes) {
    return gateway(name, port, Protocol.HTTP, Optional.empty(), List.of(), routes);
  }

  static Gateway tcp(String name, int port, Route... routes) {
    return gateway(name, port, Protocol.TCP, Optional.empty(), List.of(), routes);
  }

  static Gateway sticky(String name, int port, Sticky sticky, Route... routes) {
    return gateway(name, port, Protocol.HTTP, Optional.of(sticky), List.of(), routes);
  }

  static Gateway gateway(String name, int port, Protocol protocol, Optional<Sticky> sticky, List<String> virtualHosts,
      Route... routes) {
    return new Gateway(name, Gateway.GatewayKind.STANDALONE, port, protocol, sticky, virtualHosts, List.of(routes),
        Optional.empty(), Optional.empty());
  }

  /** A standalone gateway with a selector, its routes as {@code SelectorRouting} made them. */
  static Gateway selector(String name, int port, String selector, Route... routes) {
    return new Gateway(name, Gateway.GatewayKind.STANDALONE, port, Protocol.HTTP, Optional.empty(), List.of(),
        List.of(routes), Optional.empty(), Optional.of(selector));
  }

  /** A selector route's target: these workload ports, all of their instances. */
  static RouteTarget.Selected selected(RouteTarget.ServicePort... ports) {
    return new RouteTarget.Selected(java.util.Arrays.stream(ports)
        .map(p -> new RouteTarget.Selected.Member(p.workload(), p.port(), Optional.empty())).toList());
  }

  /** A selector route's target: one instance of a workload port (a selector testing {@code ip()}). */
  static RouteTarget.Selected selectedInstance(RouteTarget.ServicePort port, String instance) {
    return new RouteTarget.Selected(List.of(new RouteTarget.Selected.Member(port.workload(), port.port(),
        Optional.of(instance))));
  }

  static Route route(String name, RouteTarget target, int weight) {
    return new Route(name, target, weight, Optional.empty(), 0, List.of(), Balance.ROUNDROBIN);
  }

  static Route route(String name, RouteTarget target, int weight, Balance balance) {
    return new Route(name, target, weight, Optional.empty(), 0, List.of(), balance);
  }

  static Route conditioned(String name, RouteTarget target, int weight, String condition, int strength) {
    return new Route(name, target, weight, Optional.of(ConditionParser.parse(condition).orElseThrow()), strength,
        List.of(), Balance.ROUNDROBIN);
  }

  static Route rewritten(String name, RouteTarget target, int weight, Rewrite... rewrites) {
    return new Route(name, target, weight, Optional.empty(), 0, List.of(rewrites), Balance.ROUNDROBIN);
  }
}
