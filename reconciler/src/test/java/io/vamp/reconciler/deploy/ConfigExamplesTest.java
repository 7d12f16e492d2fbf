package io.vamp.reconciler.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.reconciler.cli.ConfigReference;
import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.config.Setting;
import io.vamp.reconciler.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** deploy/config examples, the systemd environment examples and the Marathon apps, through the real loader. */
class ConfigExamplesTest {
  static final Path DEPLOY = DeployManifestsTest.DEPLOY;
  static final Set<String> VARIABLES =
      Settings.ALL.stream().map(Setting::environmentVariable).collect(Collectors.toSet());

  @Test
  void everyExampleLoadsWithNoProblem() throws IOException {
    List<Path> examples;
    try (Stream<Path> files = Files.list(DEPLOY.resolve("config"))) {
      examples = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(examples).hasSizeGreaterThanOrEqualTo(5);
    Set<String> schedulers = new java.util.TreeSet<>();
    Set<String> stores = new java.util.TreeSet<>();
    Set<String> ledgers = new java.util.TreeSet<>();
    boolean elasticsearch = false;
    for (Path example : examples) {
      Config config = Config.load(Optional.of(example), Map.of());
      typedValuesParse(config);
      driverKeysAreKnown(config);
      schedulers.add(config.get(Settings.SCHEDULER_DRIVER));
      stores.add(config.get(Settings.KV_DRIVER));
      ledgers.add(config.optional(Settings.LEDGER_URI).map(u -> u.split(":")[1]).orElse("h2"));
      elasticsearch |= config.optional(Settings.ELASTICSEARCH_URI).isPresent();
    }
    // each backend of the README's support table appears in at least one example
    assertThat(schedulers).containsExactlyInAnyOrder("local", "kubernetes", "marathon");
    assertThat(stores).containsExactlyInAnyOrder("memory", "etcd", "zookeeper", "consul");
    assertThat(ledgers).contains("h2", "postgresql", "mysql", "mariadb", "sqlserver");
    assertThat(elasticsearch).isTrue();
  }

  @Test
  void systemdEnvironmentExamplesNameOnlyRealSettings() throws IOException {
    for (String name : List.of("vamp.env.example", "vamp-agent.env.example")) {
      Map<String, String> env = environmentFile(DEPLOY.resolve("systemd").resolve(name));
      env.keySet().stream().filter(k -> k.startsWith("VAMP_") && !k.equals("VAMP_LOG_LEVEL"))
          .forEach(k -> assertThat(VARIABLES).as(name + ": " + k).contains(k));
      typedValuesParse(Config.load(Optional.empty(), env));
    }
  }

  @Test
  void marathonAppsParseAndTheirEnvironmentLoads() throws IOException {
    ObjectMapper json = new ObjectMapper();
    JsonNode daemon = json.readTree(DEPLOY.resolve("marathon/vamp.json").toFile());
    JsonNode agent = json.readTree(DEPLOY.resolve("marathon/vamp-agent.json").toFile());
    assertThat(daemon.path("id").asText()).isEqualTo("/vamp/vamp");
    assertThat(daemon.path("healthChecks").get(0).path("path").asText()).isEqualTo("/healthz");
    assertThat(agent.path("args").get(0).asText()).isEqualTo("agent");
    Map<String, String> env = new LinkedHashMap<>();
    daemon.path("env").fields().forEachRemaining(e -> {
      assertThat(VARIABLES).as("marathon/vamp.json env " + e.getKey()).contains(e.getKey());
      env.put(e.getKey(), e.getValue().asText());
    });
    Config config = Config.load(Optional.empty(), env);
    typedValuesParse(config);
    assertThat(config.get(Settings.SCHEDULER_DRIVER)).isEqualTo("marathon");
    // secrets arrive as files: each *_FILE variable points at a secret volume
    Set<String> secretPaths = new java.util.HashSet<>();
    daemon.path("container").path("volumes").forEach(v -> {
      if (v.has("secret")) {
        secretPaths.add(v.path("containerPath").asText());
      }
    });
    env.forEach((k, v) -> {
      if (k.endsWith("_FILE")) {
        assertThat(secretPaths).as(k).contains(v);
      }
    });
  }

  static Map<String, String> environmentFile(Path file) throws IOException {
    Map<String, String> env = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String text = line.strip();
      if (text.isEmpty() || text.startsWith("#")) {
        continue;
      }
      int eq = text.indexOf('=');
      assertThat(eq).as(file + ": " + line).isPositive();
      env.put(text.substring(0, eq), text.substring(eq + 1));
    }
    return env;
  }

  /** The typed values the daemon reads at start. */
  static void typedValuesParse(Config config) {
    config.duration(Settings.REPOSITORY_POLL_INTERVAL);
    config.duration(Settings.READY_TIMEOUT);
    config.integer(Settings.HTTP_PORT);
    config.range(Settings.GATEWAYS_PORT_RANGE);
    config.optional(Settings.GATEWAYS_HEALTH_PORT).ifPresent(p -> config.integer(Settings.GATEWAYS_HEALTH_PORT));
    config.optional(Settings.GATEWAYS_VIRTUAL_HOSTS_PORT)
        .ifPresent(p -> config.integer(Settings.GATEWAYS_VIRTUAL_HOSTS_PORT));
  }

  /** Driver sections hold only keys the chosen driver reads (Config hands them over unchecked). */
  static void driverKeysAreKnown(Config config) {
    Map<String, String> drivers = Map.of("scheduler", config.get(Settings.SCHEDULER_DRIVER),
        "kv", config.get(Settings.KV_DRIVER), "ledger", config.get(Settings.LEDGER_DRIVER),
        "elasticsearch", "elasticsearch");
    drivers.forEach((section, driver) -> {
      Set<String> known = ConfigReference.DRIVER_SETTINGS.stream()
          .filter(s -> s.section().equals(section) && List.of(s.driver().split(",\\s*")).contains(driver))
          .map(ConfigReference.DriverSetting::key).collect(Collectors.toSet());
      assertThat(known).as(section + " " + driver + " keys").containsAll(config.driverSettings(section).keySet());
    });
  }
}
