package io.vamp.driver.marathon;

import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Workloads for the tests: a small web service image with an HTTP health check. */
final class TestWorkloads {
  private TestWorkloads() {}

  static Workload web(WorkloadId id, SortedMap<String, String> env, int instances) {
    return web(id, env, instances, Dialects.NONE);
  }

  static Workload web(WorkloadId id, SortedMap<String, String> env, int instances, Dialects dialects) {
    return new Workload(id, new Deployable(Deployable.Type.DOCKER, "registry.example.com/sava:1.0.0"),
        List.of(new Port("web", 8080, Protocol.HTTP), new Port("admin", 9090, Protocol.TCP)), env,
        new Resources(new BigDecimal("0.2"), 256, instances),
        List.of(new HealthCheck("/health", "web", "HTTP", Duration.ofSeconds(5), Duration.ofSeconds(2),
            Duration.ofSeconds(10), 3)),
        List.<Argument>of(), dialects, List.of());
  }

  static Workload web(String deployment, int instances) {
    return web(new WorkloadId(deployment, "web", "web-1.0.0"), new TreeMap<>(Map.of("GREETING", "hi")), instances);
  }

  static Workload command(WorkloadId id, int instances) {
    return new Workload(id, new Deployable(Deployable.Type.COMMAND, "java apps/Sava.java"),
        List.of(new Port("web", 8080, Protocol.HTTP)), new TreeMap<>(Map.of("GREETING", "hi")),
        new Resources(BigDecimal.ZERO, 0, instances),
        List.of(), List.of(), Dialects.NONE, List.of());
  }

  static Dialects marathon(Map<String, Object> tree) {
    return new Dialects(Map.of("marathon", tree));
  }
}
