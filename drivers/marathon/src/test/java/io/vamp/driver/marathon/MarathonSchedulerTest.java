package io.vamp.driver.marathon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.marathon.standin.MarathonStandIn;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerFactory;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's own behaviour against the Marathon stand-in. */
class MarathonSchedulerTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir
  Path data;

  private MarathonStandIn standIn;
  private String namespace;

  @BeforeEach
  void start() {
    standIn = MarathonStandIn.start().taskStartDelay(Duration.ofMillis(30));
    namespace = "test-" + UUID.randomUUID().toString().substring(0, 6);
  }

  @AfterEach
  void stop() {
    standIn.close();
  }

  private Scheduler scheduler(Map<String, String> extra) {
    return new MarathonSchedulerFactory().create(standIn.driverConfig(namespace, data, extra));
  }

  private Scheduler scheduler() {
    return scheduler(Map.of());
  }

  private String appId(WorkloadId id) {
    return AppIds.appId(AppIds.group(namespace), id);
  }

  private static ObservedWorkload settled(Scheduler s, WorkloadId id, String digest) {
    await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
      ObservedWorkload o = s.observe(id).orElseThrow();
      assertThat(o.digest()).isEqualTo(digest);
      assertThat(o.readiness().ready()).as(o.readiness().message()).isTrue();
      assertThat(o.instances()).hasSize(o.wantedInstances()).allMatch(i -> i.runs(digest));
    });
    return s.observe(id).orElseThrow();
  }

  private static List<String> names(ObservedWorkload o) {
    return o.instances().stream().map(Instance::name).sorted().toList();
  }

  @Test
  void theFactoryIsFoundByName() {
    assertThat(Drivers.find(SchedulerFactory.class, "marathon")).isInstanceOf(MarathonSchedulerFactory.class);
  }

  @Test
  void instancesAreTheTasksAtTheirHostsAndHostPorts() {
    Scheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    s.deploy(w);
    ObservedWorkload o = settled(s, w.id(), w.digest());
    JsonNode tasks = standIn.app(appId(w.id())).orElseThrow().path("tasks");
    Map<String, JsonNode> byId = new TreeMap<>();
    tasks.forEach(t -> byId.put(t.path("id").asText(), t));
    assertThat(o.instances()).allSatisfy(i -> {
      JsonNode task = byId.get(i.name());
      assertThat(i.host()).isEqualTo(task.path("host").asText()).endsWith(".stand-in");
      assertThat(i.ports()).containsOnly(Map.entry("web", task.path("ports").get(0).asInt()),
          Map.entry("admin", task.path("ports").get(1).asInt()));
    });
  }

  @Test
  void scalingChangesNoLabelAndRestartsNothing() {
    Scheduler s = scheduler();
    Workload two = TestWorkloads.web("shop", 2);
    s.deploy(two);
    ObservedWorkload before = settled(s, two.id(), two.digest());
    JsonNode appBefore = standIn.app(appId(two.id())).orElseThrow();

    Workload three = TestWorkloads.web("shop", 3);
    s.deploy(three);
    ObservedWorkload after = settled(s, three.id(), three.digest());
    JsonNode appAfter = standIn.app(appId(two.id())).orElseThrow();
    assertThat(names(after)).containsAll(names(before)).hasSize(3);
    assertThat(appAfter.path("labels")).isEqualTo(appBefore.path("labels"));
    assertThat(appAfter.path("versionInfo").path("lastConfigChangeAt"))
        .isEqualTo(appBefore.path("versionInfo").path("lastConfigChangeAt"));
  }

  @Test
  void deployingTheSameWorkloadMakesNoRequestToChangeAnything() {
    Scheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 1);
    s.deploy(w);
    settled(s, w.id(), w.digest());
    String version = standIn.app(appId(w.id())).orElseThrow().path("version").asText();
    s.deploy(w);
    s.deploy(TestWorkloads.web("shop", 1));
    assertThat(standIn.app(appId(w.id())).orElseThrow().path("version").asText()).isEqualTo(version);
  }

  @Test
  void anImageEditedByHandIsDriftAndPutBack() {
    Scheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    s.deploy(w);
    settled(s, w.id(), w.digest());
    standIn.edit(appId(w.id()), app -> ((ObjectNode) app.get("container").get("docker"))
        .put("image", "registry.example.com/sava:hacked"));
    assertThat(s.observe(w.id()).orElseThrow().digest()).isEqualTo("drift:" + w.digest());
    assertThat(s.observe()).extracting(ObservedWorkload::digest).containsExactly("drift:" + w.digest());

    s.deploy(w);
    settled(s, w.id(), w.digest());
    assertThat(standIn.app(appId(w.id())).orElseThrow().path("container").path("docker").path("image").asText())
        .isEqualTo("registry.example.com/sava:1.0.0");
  }

  @Test
  void instancesChangedByHandChangeTheDigestAndAreScaledBack() {
    Scheduler s = scheduler();
    Workload w = TestWorkloads.web("shop", 2);
    s.deploy(w);
    settled(s, w.id(), w.digest());
    standIn.edit(appId(w.id()), app -> app.put("instances", 5));
    ObservedWorkload edited = s.observe(w.id()).orElseThrow();
    assertThat(edited.digest()).isEqualTo(TestWorkloads.web("shop", 5).digest()).isNotEqualTo(w.digest());
    assertThat(edited.wantedInstances()).isEqualTo(5);
    s.deploy(w);
    settled(s, w.id(), w.digest());
  }

  @Test
  void aNewVersionThatNeverGetsHealthyLeavesTheOldTasksServing() {
    Scheduler s = scheduler();
    Workload first = TestWorkloads.web("shop", 2);
    s.deploy(first);
    ObservedWorkload before = settled(s, first.id(), first.digest());

    standIn.neverHealthy(id -> true);
    Workload broken = TestWorkloads.web(first.id(), new TreeMap<>(Map.of("GREETING", "broken")), 2);
    s.deploy(broken);
    await().atMost(WAIT).untilAsserted(() -> {
      ObservedWorkload o = s.observe(first.id()).orElseThrow();
      Map<Boolean, List<Instance>> byDigest = o.instances().stream()
          .collect(Collectors.partitioningBy(i -> i.runs(broken.digest())));
      assertThat(byDigest.get(true)).hasSize(2).noneMatch(Instance::ready);
      assertThat(byDigest.get(false)).extracting(Instance::name).containsExactlyInAnyOrderElementsOf(names(before));
      assertThat(byDigest.get(false)).allMatch(Instance::ready);
      assertThat(o.readiness().ready()).isFalse();
    });

    standIn.neverHealthy(id -> false);
    s.deploy(first);
    settled(s, first.id(), first.digest());
  }

  @Test
  void withoutForceADeploymentInFlightLocksTheApp() {
    standIn.neverHealthy(id -> true);
    Scheduler s = scheduler(Map.of("force", "false"));
    Workload w = TestWorkloads.web("shop", 1);
    s.deploy(w);
    Workload changed = TestWorkloads.web(w.id(), new TreeMap<>(Map.of("GREETING", "again")), 1);
    assertThatThrownBy(() -> s.deploy(changed)).isInstanceOf(DriverException.class)
        .hasMessageContaining("HTTP 409").hasMessageContaining("locked")
        .satisfies(e -> assertThat(((DriverException) e).retryable()).isTrue());
    Scheduler forced = scheduler();
    forced.deploy(changed);
    assertThat(forced.observe(w.id()).orElseThrow().digest()).isEqualTo(changed.digest());
  }

  @Test
  void appsOfOthersAreNeitherSeenNorTouched() throws Exception {
    WorkloadId id = new WorkloadId("shop", "web", "web-1.0.0");
    String appId = appId(id);
    java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
        standIn.url().resolve("/v2/apps")).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"id\":\"" + appId + "\",\"cmd\":\"sleep 1000\","
            + "\"labels\":{\"VAMP_NAMESPACE\":\"" + namespace + "\"}}")).build(),
        java.net.http.HttpResponse.BodyHandlers.discarding());
    Scheduler s = scheduler();
    assertThat(s.observe()).isEmpty();
    assertThat(s.observe(id)).isEmpty();
    assertThatThrownBy(() -> s.deploy(TestWorkloads.web(id, new TreeMap<>(), 1)))
        .isInstanceOf(DriverException.class).hasMessageContaining("exists").hasMessageContaining("leaves it alone");
    s.remove(id);
    assertThat(standIn.appIds()).contains(appId);
  }

  @Test
  void observingEverythingIsOneRequest() {
    Scheduler s = scheduler();
    for (int i = 0; i < 5; i++) {
      s.deploy(TestWorkloads.web("shop" + i, 1));
    }
    int before = standIn.requests();
    assertThat(s.observe()).hasSize(5);
    assertThat(standIn.requests() - before).isEqualTo(1);
  }

  @Test
  void aCommandDeployableRunsAsCmd() {
    Scheduler s = scheduler();
    Workload w = TestWorkloads.command(new WorkloadId("orders", "api", "orders"), 2);
    s.deploy(w);
    settled(s, w.id(), w.digest());
    assertThat(standIn.app(appId(w.id())).orElseThrow().path("cmd").asText()).isEqualTo("java apps/Sava.java");
  }

  @Test
  void aGivenTokenIsSentAndARefusedOneSaysSo() {
    standIn.requireToken("s3cret-token");
    assertThatThrownBy(() -> scheduler().observe()).isInstanceOf(DriverException.class)
        .hasMessageContaining("HTTP 401").hasMessageNotContaining("s3cret");
    Scheduler s = scheduler(Map.of("token", "s3cret-token"));
    s.deploy(TestWorkloads.web("shop", 1));
    assertThat(s.observe()).hasSize(1);
    assertThat(scheduler(Map.of("token", "wrong")).toString()).doesNotContain("wrong");
  }

  @Test
  void aTokenFileIsReadAgainWhenTheTokenIsRefused() throws Exception {
    Path file = data.resolve("token");
    Files.writeString(file, "first\n");
    standIn.requireToken("first");
    Scheduler s = scheduler(Map.of("token-file", file.toString()));
    assertThat(s.observe()).isEmpty();
    standIn.requireToken("second");
    Files.writeString(file, "second");
    assertThat(s.observe()).isEmpty();
  }

  @Test
  void aServiceAccountLogsInAndLogsInAgainWhenItsTokenExpires() throws Exception {
    KeyPair pair = rsa();
    standIn.serviceAccount("vamp-daemon", pair.getPublic());
    Path key = pem(data.resolve("key.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
    Scheduler s = scheduler(Map.of("uid", "vamp-daemon", "private-key-file", key.toString()));
    Workload w = TestWorkloads.web("shop", 1);
    s.deploy(w);
    assertThat(standIn.logins()).isEqualTo(1);
    standIn.expireTokens();
    assertThat(s.observe(w.id())).isPresent();
    assertThat(standIn.logins()).isEqualTo(2);

    // the same key as PKCS#1 (BEGIN RSA PRIVATE KEY), as older tools write it
    byte[] pkcs8 = pair.getPrivate().getEncoded();
    Path pkcs1 = pem(data.resolve("key-rsa.pem"), "RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length));
    assertThat(scheduler(Map.of("uid", "vamp-daemon", "private-key-file", pkcs1.toString())).observe()).hasSize(1);

    Path other = pem(data.resolve("other.pem"), "PRIVATE KEY", rsa().getPrivate().getEncoded());
    assertThatThrownBy(() -> scheduler(Map.of("uid", "vamp-daemon", "private-key-file", other.toString())).observe())
        .isInstanceOf(DriverException.class).hasMessageContaining("DC/OS login").hasMessageContaining("401");
  }

  @Test
  void unknownOrIncompleteSettingsAreRefused() {
    assertThatThrownBy(() -> scheduler(Map.of("groups", "/x"))).hasMessageContaining("unknown setting 'groups'");
    assertThatThrownBy(() -> scheduler(Map.of("uid", "a"))).hasMessageContaining("private-key-file");
    assertThatThrownBy(() -> scheduler(Map.of("group", "/Not Valid"))).hasMessageContaining("group");
    assertThatThrownBy(() -> scheduler(Map.of("network", "user"))).hasMessageContaining("network");
    assertThatThrownBy(() -> new MarathonSchedulerFactory().create(new DriverConfig("x", data, Optional.empty(),
        Map.of()))).hasMessageContaining("scheduler.uri is required");
  }

  private static KeyPair rsa() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  private static Path pem(Path file, String type, byte[] der) throws Exception {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    return file;
  }
}
