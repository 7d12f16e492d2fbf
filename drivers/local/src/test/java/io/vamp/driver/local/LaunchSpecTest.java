package io.vamp.driver.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class LaunchSpecTest {

  private static final WorkloadId ID = new WorkloadId("sava", "sava", "sava:1.0.0");
  private static final List<Port> WEB = List.of(new Port("web", 8080, Protocol.HTTP));

  private static Workload workload(Deployable deployable, Dialects dialects, List<Port> ports, List<HealthCheck> checks) {
    return TestService.workload(ID, new TreeMap<>(Map.of("A", "1")), 2, deployable, checks, dialects, ports);
  }

  private static void assertRefused(ThrowingCallable call, String... fragments) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DriverException.class, e -> {
      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).startsWith("workload sava/sava/sava:1.0.0 cannot run on the local scheduler: ")
          .contains(fragments);
    });
  }

  @Test
  void aCommandDeployableRunsItsDefinition() {
    LaunchSpec spec = LaunchSpec.of(workload(new Deployable(Deployable.Type.COMMAND, "./run --port $PORT"),
        Dialects.NONE, WEB, List.of()));

    assertThat(spec.command()).isEqualTo("./run --port $PORT");
    assertThat(spec.workingDirectory()).isEmpty();
    assertThat(spec.environment()).containsExactly(Map.entry("A", "1"));
    assertThat(spec.portNames()).containsExactly("web");
    assertThat(spec.instances()).isEqualTo(2);
  }

  @Test
  void theLocalDialectRunsAnyDeployableAndAddsToTheEnvironment() {
    Dialects dialects = new Dialects(Map.of("local", Map.of(
        "command", "java -jar sava.jar",
        "working_directory", "services/sava",
        "environment", Map.of("A", "overridden", "B", 2))));

    LaunchSpec spec = LaunchSpec.of(workload(new Deployable(Deployable.Type.DOCKER, "magneticio/sava:1.0.0"),
        dialects, WEB, List.of()));

    assertThat(spec.command()).isEqualTo("java -jar sava.jar");
    assertThat(spec.workingDirectory()).contains("services/sava");
    assertThat(spec.environment()).containsExactly(Map.entry("A", "overridden"), Map.entry("B", "2"));
  }

  @Test
  void aDockerDeployableWithoutALocalDialectIsRefused() {
    assertRefused(() -> LaunchSpec.of(workload(new Deployable(Deployable.Type.DOCKER, "magneticio/sava:1.0.0"),
        Dialects.NONE, WEB, List.of())), "docker", "magneticio/sava:1.0.0", "'local' dialect");
  }

  @Test
  void aJavascriptDeployableWithoutALocalDialectIsRefused() {
    assertRefused(() -> LaunchSpec.of(workload(new Deployable(Deployable.Type.JAVASCRIPT, "run()"),
        Dialects.NONE, WEB, List.of())), "application/javascript");
  }

  @Test
  void anUnknownKeyInTheLocalDialectIsRefused() {
    Dialects dialects = new Dialects(Map.of("local", Map.of("command", "x", "cwd", "/tmp")));

    assertRefused(() -> LaunchSpec.of(workload(new Deployable(Deployable.Type.COMMAND, "x"), dialects, WEB,
        List.of())), "unknown key 'cwd'", "working_directory");
  }

  @Test
  void otherSchedulersDialectsAreIgnored() {
    Dialects dialects = new Dialects(Map.of("marathon", Map.of("cmd", "ignored here")));

    assertThat(LaunchSpec.of(workload(new Deployable(Deployable.Type.COMMAND, "run"), dialects, WEB, List.of()))
        .command()).isEqualTo("run");
  }

  @Test
  void aBlankOrNullCommandIsRefused() {
    assertRefused(() -> LaunchSpec.of(workload(new Deployable(Deployable.Type.COMMAND, "  "), Dialects.NONE, WEB,
        List.of())), "empty");
    assertRefused(() -> LaunchSpec.of(workload(new Deployable(Deployable.Type.COMMAND, "x"),
        new Dialects(Map.of("local", Map.of("command", Dialects.NULL))), WEB, List.of())), "'command' is null");
  }

  @Test
  void aHealthCheckOnAPortTheBreedDoesNotHaveIsRefused() {
    HealthCheck check = new HealthCheck("/health", "admin", "HTTP", Duration.ZERO, Duration.ofSeconds(1),
        Duration.ofSeconds(5), 3);

    assertRefused(() -> LaunchSpec.of(workload(new Deployable(Deployable.Type.COMMAND, "x"), Dialects.NONE, WEB,
        List.of(check))), "port 'admin'", "[web]");
  }

  @Test
  void portNamesThatMakeTheSameVariableAreRefused() {
    List<Port> clashing = List.of(new Port("admin-ui", 1, Protocol.HTTP), new Port("admin_ui", 2, Protocol.HTTP));

    assertRefused(() -> LaunchSpec.of(workload(new Deployable(Deployable.Type.COMMAND, "x"), Dialects.NONE,
        clashing, List.of())), "PORT_ADMIN_UI");
  }

  @Test
  void theSpecCarriesTheWorkloadsDigest() {
    Workload workload = workload(new Deployable(Deployable.Type.COMMAND, "x"), Dialects.NONE, WEB, List.of());

    assertThat(LaunchSpec.of(workload).digest()).isEqualTo(workload.digest());
    assertThat(LaunchSpec.of(workload).workingDirectory()).isEqualTo(Optional.empty());
  }
}
