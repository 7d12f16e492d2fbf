package io.vamp.driver.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AppRendererTest {
  private static final WorkloadId ID = new WorkloadId("sava", "sava", "sava:1.0.0");
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private static AppRenderer renderer(Map<String, String> settings) {
    return new AppRenderer("team-a", MarathonSettings.from(new DriverConfig("team-a", Path.of("."),
        Optional.of(URI.create("http://marathon.mesos:8080")), settings)));
  }

  private static Workload sava(Dialects dialects) {
    return TestWorkloads.web(ID, new TreeMap<>(Map.of("GREETING", "hello")), 2, dialects);
  }

  private static void golden(String name, JsonNode app) throws IOException {
    Object sorted = PRETTY.treeToValue(app, Object.class);
    String actual = PRETTY.writeValueAsString(sorted).replace("\r", "") + "\n";
    if (Boolean.getBoolean("golden.update")) {
      Path file = Path.of(System.getProperty("vamp.root", "."), "drivers/marathon/src/test/resources/golden", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual);
      return;
    }
    try (InputStream in = AppRendererTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file %s (write it with -Dgolden.update=true)", name).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void aDockerWorkloadBecomesTheGoldenApp() throws IOException {
    golden("sava-app.json", renderer(Map.of()).render(sava(Dialects.NONE)));
  }

  @Test
  void aCommandWorkloadRunsItsCmdWithPortDefinitions() throws IOException {
    golden("command-app.json",
        renderer(Map.of()).render(TestWorkloads.command(new WorkloadId("orders", "api", "orders"), 1)));
  }

  @Test
  void theMarathonDialectIsMergedIntoTheApp() throws IOException {
    Map<String, Object> dialect = new LinkedHashMap<>();
    dialect.put("uris", List.of("https://example.com/docker.tar.gz"));
    dialect.put("labels", Map.of("environment", "staging", "owner", "buffy the vamp slayer"));
    dialect.put("constraints", List.of(List.of("hostname", "UNIQUE")));
    dialect.put("container", Map.of("docker", Map.of("forcePullImage", true), "volumes",
        List.of(Map.of("containerPath", "/tmp/", "hostPath", "/tmp/", "mode", "RW"))));
    dialect.put("upgradeStrategy", Map.of("minimumHealthCapacity", 0.5, "maximumOverCapacity", 0.2));
    dialect.put("env", Map.of("EXTRA", "1"));
    dialect.put("acceptedResourceRoles", List.of("slave_public"));
    Workload w = new Workload(ID, new Deployable(Deployable.Type.DOCKER, "registry.example.com/sava:1.0.0"),
        List.of(new Port("web", 8080, Protocol.HTTP)), new TreeMap<>(), new Resources(java.math.BigDecimal.ONE, 512, 1),
        List.of(), List.of(new Argument("privileged", "true"), new Argument("log-driver", "syslog")),
        TestWorkloads.marathon(dialect).overriddenBy(Dialects.NONE), List.of());
    golden("sava-dialect-app.json", renderer(Map.of()).render(w));
  }

  @Test
  void hostNetworkingUsesPortDefinitions() {
    JsonNode app = renderer(Map.of("network", "host")).render(sava(Dialects.NONE));
    assertThat(app.path("networks").get(0).path("mode").asText()).isEqualTo("host");
    assertThat(app.path("portDefinitions")).hasSize(2);
    assertThat(app.path("container").has("portMappings")).isFalse();
  }

  @Test
  void theConfigurationLabelIsTheSameForEveryScale() {
    JsonNode two = renderer(Map.of()).render(TestWorkloads.web("shop", 2));
    JsonNode five = renderer(Map.of()).render(TestWorkloads.web("shop", 5));
    assertThat(two.path("labels")).isEqualTo(five.path("labels"));
    assertThat(two.path("instances").asInt()).isEqualTo(2);
  }

  private static void refused(Workload w, String... fragments) {
    assertThatThrownBy(() -> renderer(Map.of()).render(w)).isInstanceOf(DriverException.class)
        .satisfies(e -> assertThat(((DriverException) e).retryable()).isFalse()).hasMessageContainingAll(fragments);
  }

  @Test
  void unknownDialectKeysAndWrongShapesAreRefusedAtEveryDepth() {
    refused(sava(TestWorkloads.marathon(Map.of("healthChecks", List.of()))),
        "marathon dialect: healthChecks: unknown key");
    refused(sava(TestWorkloads.marathon(Map.of("container", Map.of("docker", Map.of("image", "x"))))),
        "container.docker.image: unknown key");
    refused(sava(TestWorkloads.marathon(Map.of("container", Map.of("volumes", List.of(Map.of("hostpath", "/x")))))),
        "container.volumes[0].hostpath: unknown key");
    refused(sava(TestWorkloads.marathon(Map.of("constraints", List.of(List.of("hostname"))))), "constraints[0]");
    refused(sava(TestWorkloads.marathon(Map.of("disk", "big"))), "disk: expected a number");
    refused(sava(TestWorkloads.marathon(Map.of("labels", Map.of("VAMP_NAMESPACE", "x")))), "labels.VAMP_NAMESPACE");
    refused(sava(TestWorkloads.marathon(Map.of("env", Map.of("GREETING", "x")))), "env.GREETING", "already set");
  }

  @Test
  void workloadsMarathonCannotRunAreRefused() {
    refused(new Workload(ID, new Deployable(Deployable.Type.JAVASCRIPT, "x"), List.of(), new TreeMap<>(),
        Resources.DEFAULT, List.of(), List.of(), Dialects.NONE, List.of()), "JavaScript");
    refused(new Workload(ID, new Deployable(Deployable.Type.COMMAND, "x"), List.of(), new TreeMap<>(),
        Resources.DEFAULT, List.of(), List.of(new Argument("net", "host")), Dialects.NONE, List.of()), "arguments");
    refused(new Workload(ID, new Deployable(Deployable.Type.COMMAND, "x"), List.of(), new TreeMap<>(),
        Resources.DEFAULT, List.of(), List.of(), TestWorkloads.marathon(Map.of("args", List.of("a"))), List.of()),
        "cmd or args");
    refused(new Workload(ID, new Deployable(Deployable.Type.COMMAND, "x"), List.of(), new TreeMap<>(),
        Resources.DEFAULT, List.of(), List.of(), TestWorkloads.marathon(Map.of("container", Map.of())), List.of()),
        "container");
  }
}
