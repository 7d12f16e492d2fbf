package io.vamp.model.state;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a route sends traffic. */
public sealed interface RouteTarget
    permits RouteTarget.ServicePort, RouteTarget.GatewayPort, RouteTarget.External, RouteTarget.Selected {

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

  /**
   * The route of a selector gateway: the workload ports (and, when the selector tested an instance's
   * address, the instances) the selector picked for it. Empty in the desired state, where a selector
   * gateway's routes only carry what the repository says about them (weight, condition, ...): the
   * members are filled in from what runs ({@code io.vamp.model.selector.SelectorRouting}).
   */
  record Selected(List<Member> members) implements RouteTarget {
    private static final Comparator<Member> ORDER = Comparator.comparing(Member::workload)
        .thenComparing(Member::port).thenComparing(m -> m.instance().orElse(""));

    public Selected {
      members = members.stream().map(m -> Objects.requireNonNull(m, "member")).sorted(ORDER).distinct().toList();
    }

    /** One workload port, all of its ready instances or only the named one. */
    public record Member(WorkloadId workload, String port, Optional<String> instance) {
      public Member {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(instance, "instance");
      }

      public ServicePort servicePort() {
        return new ServicePort(workload, port);
      }

      @Override
      public String toString() {
        return workload + "/" + port + instance.map(i -> "@" + i).orElse("");
      }
    }

    @Override
    public String toString() {
      return members.isEmpty() ? "selector" : members.stream().map(Member::toString).collect(Collectors.joining(", "));
    }
  }
}
