package io.vamp.model.state;

import java.util.Objects;

/** Where a route sends traffic. */
public sealed interface RouteTarget permits RouteTarget.ServicePort, RouteTarget.GatewayPort, RouteTarget.External {

  /** A port of a workload: the scheduler reports its instances. */
  record ServicePort(WorkloadId workload, String port) implements RouteTarget {
    public ServicePort {
      Objects.requireNonNull(workload, "workload");
      Objects.requireNonNull(port, "port");
    }

    @Override
    public String toString() {
      return workload + "/" + port;
    }
  }

  /** Another gateway, by its name: traffic goes through that gateway's port. */
  record GatewayPort(String gateway) implements RouteTarget {
    public GatewayPort {
      Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    public String toString() {
      return gateway;
    }
  }

  /** A fixed address outside Vamp: {@code [host:port]}. */
  record External(String host, int port) implements RouteTarget {
    public External {
      Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
      return "[" + host + ":" + port + "]";
    }
  }
}
