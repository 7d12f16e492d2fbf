package io.vamp.driver.marathon;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class WorkloadCodecTest {
  private static final WorkloadId ID = new WorkloadId("d", "c", "s:1");

  private static Workload rich(int instances) {
    Map<String, Object> marathon = new LinkedHashMap<>();
    marathon.put("labels", Map.of("owner", "buffy", "tier", "web"));
    marathon.put("disk", 1.5);
    marathon.put("gpus", 2L);
    marathon.put("requirePorts", true);
    marathon.put("user", Dialects.NULL);
    marathon.put("constraints", List.of(List.of("hostname", "UNIQUE"), List.of("rack", "GROUP_BY", "3")));
    marathon.put("container", Map.of("docker", Map.of("forcePullImage", false, "parameters",
        List.of(Map.of("key", "ulimit", "value", "nofile=1024")))));
    Map<String, Object> local = Map.of("command", "run --port $PORT", "environment", Map.of("A", "1"));
    return new Workload(ID, new Deployable(Deployable.Type.DOCKER, "img:1"),
        List.of(new Port("web", 8080, Protocol.HTTP), new Port("sql", 5432, Protocol.TCP)),
        new TreeMap<>(Map.of("Z", "last", "A", "first", "EMPTY", "", "JSON", "{\"a\": [1, 2]}")),
        new Resources(new BigDecimal("0.25"), 384, instances),
        List.of(new HealthCheck("/health", "web", "HTTPS", Duration.ofMillis(1500), Duration.ofSeconds(4),
            Duration.ofMinutes(1), 5), new HealthCheck("/", "web", "HTTP", Duration.ZERO, Duration.ofSeconds(5),
            Duration.ofSeconds(10), 3)),
        List.of(new Argument("privileged", "true"), new Argument("log-driver", "json-file")),
        new Dialects(Map.of("marathon", marathon, "local", local)), List.of("gw/a"));
  }

  @Test
  void aDecodedWorkloadHasTheSameDigestForAnyNumberOfInstances() {
    for (Workload w : List.of(rich(1), rich(3), TestWorkloads.web("shop", 2),
        TestWorkloads.command(new WorkloadId("a", "b", "c"), 1))) {
      String config = WorkloadCodec.encode(w);
      for (int instances : new int[] {0, 1, w.resources().instances(), 7}) {
        Workload expected = new Workload(w.id(), w.deployable(), w.ports(), w.environment(),
            new Resources(w.resources().cpu(), w.resources().memoryMb(), instances), w.healthChecks(), w.arguments(),
            w.dialects(), w.dependsOn());
        assertThat(WorkloadCodec.decode(w.id(), config, instances)).get()
            .extracting(Workload::digest).isEqualTo(expected.digest());
      }
    }
  }

  @Test
  void theConfigurationDoesNotChangeWithTheNumberOfInstances() {
    assertThat(WorkloadCodec.encode(rich(1))).isEqualTo(WorkloadCodec.encode(rich(9)));
  }

  @Test
  void dialectValuesKeepTheirTypes() {
    Workload decoded = WorkloadCodec.decode(ID, WorkloadCodec.encode(rich(1)), 1).orElseThrow();
    Map<String, Object> marathon = decoded.dialects().byScheduler().get("marathon");
    assertThat(marathon.get("disk")).isEqualTo(1.5);
    assertThat(marathon.get("gpus")).isEqualTo(2L);
    assertThat(marathon.get("requirePorts")).isEqualTo(true);
    assertThat(marathon.get("user")).isSameAs(Dialects.NULL);
  }

  @Test
  void somethingElseDecodesToNothing() {
    for (String text : Arrays.asList("", "{", "{}", "{\"v\":2}", "[1]", "{\"v\":1,\"deployable\":{}}")) {
      assertThat(WorkloadCodec.decode(ID, text, 1)).as(text).isEmpty();
    }
  }
}
