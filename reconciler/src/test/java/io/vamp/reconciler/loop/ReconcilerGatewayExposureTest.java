package io.vamp.reconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.driver.spi.ledger.RevisionStatus;
import io.vamp.driver.spi.scheduler.GatewayExposure;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Gateway;
import io.vamp.reconciler.git.Person;
import io.vamp.reconciler.git.Revision;
import io.vamp.reconciler.plan.GatewayDocument;
import io.vamp.reconciler.plan.Publisher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler's last step, exposing the gateways through the scheduler (when it has a
 * {@link GatewayExposure}): when it runs, with what, and how it is reported. A scheduler kept in memory,
 * the in-memory key-value store and a real H2 ledger.
 */
class ReconcilerGatewayExposureTest {
  private static final Person DEV = new Person("Dev", "dev@example.org", Instant.parse("2026-01-01T00:00:00Z"));
  private static final String SHOP = """
      kind: deployment
      name: shop
      gateways:
        9050: web/http
      clusters:
        web:
          services:
          - breed: { name: "web:1", deployable: "nginx:1", ports: { http: 80/http } }
      """;

  @TempDir
  Path data;

  private final MemoryScheduler scheduler = new MemoryScheduler();
  private final RecordingExposure exposure = new RecordingExposure();
  private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  private Backends backends;
  private Reconciler reconciler;

  @BeforeEach
  void open() {
    DriverConfig config = new DriverConfig("test", data, Optional.empty(), Map.of());
    backends = new Backends(scheduler, Drivers.find(KeyValueStoreFactory.class, "memory").create(config),
        Drivers.find(LedgerFactory.class, "h2").create(config), new EventSink() {
          @Override
          public void publish(List<Event> batch) {
            events.addAll(batch);
          }

          @Override
          public void close() {
            // nothing to release
          }
        });
    ResolveContext context = new ResolveContext("127.0.0.1", 41000, 41099, Map.of(), Optional.empty(), "test");
    reconciler = new Reconciler(backends, context, new Publisher("test", RenderSettings.defaults(data.resolve("run"))),
        Duration.ofSeconds(5), 1, Clock.systemUTC());
  }

  @AfterEach
  void close() {
    backends.close();
  }

  private static Revision revision(String sha, String yaml) {
    return new Revision(sha, List.of(), DEV, DEV, "a commit", DEV.when(), "", new TreeMap<>(Map.of("shop.yaml", yaml)));
  }

  private static SortedMap<String, Integer> ports(DesiredState desired) {
    return desired.gateways().stream().collect(Collectors.toMap(Gateway::name, Gateway::port, (a, b) -> a,
        TreeMap::new));
  }

  private List<String> ledgerActions(String sha) {
    return backends.ledger().actions(sha).stream()
        .map(a -> a.sequence() + " " + a.type() + " " + a.target() + " " + a.outcome()).toList();
  }

  @Test
  void aRevisionExposesItsGatewaysOnceTheyArePublished() {
    String sha = "a".repeat(40);

    Reconciler.Result result = reconciler.reconcile(revision(sha, SHOP), () -> false);

    assertThat(result.outcome()).isEqualTo(new Outcome.Applied(4));
    SortedMap<String, Integer> expected = ports(result.state().orElseThrow());
    assertThat(expected).containsEntry("shop/9050", 9050).hasSize(2);
    int clusterPort = expected.get("shop/web/http");
    assertThat(exposure.calls).containsExactly(expected);
    assertThat(exposure.publishedWhenCalled).as("the agents have the gateways before they are exposed")
        .containsExactly(true);
    assertThat(ledgerActions(sha)).containsExactly(
        "0 deploy shop/web/web:1 applied",
        "1 wait-ready shop/web/web:1 applied",
        "2 publish-gateways " + GatewayDocument.key("test") + " applied",
        "3 expose-gateways ports 9050," + clusterPort + " applied");
    assertThat(events).filteredOn(e -> e.tags().contains("gateways:exposed"))
        .singleElement().satisfies(e -> {
          assertThat(e.tags()).contains("revision:" + sha, "gateways:shop/9050", "outcome:applied");
          assertThat(e.id()).isEqualTo("action/" + sha + "/3/applied");
        });
  }

  @Test
  void anUnchangedExposureIsNoActionAndADriftCheckCallsItAgain() {
    String sha = "b".repeat(40);
    exposure.writes = false;

    Reconciler.Result result = reconciler.reconcile(revision(sha, SHOP), () -> false);

    assertThat(result.outcome()).isEqualTo(new Outcome.Applied(3));
    assertThat(ledgerActions(sha)).noneMatch(a -> a.contains("expose-gateways"));
    DesiredState desired = result.state().orElseThrow();
    assertThat(reconciler.correctDrift(sha, desired, () -> false)).isEqualTo(new Outcome.Converged());
    assertThat(exposure.calls).hasSize(2).allMatch(c -> c.equals(ports(desired)));
    assertThat(events).noneMatch(e -> e.tags().contains("gateways:exposed"));

    // the exposure was changed by hand: the drift check puts it back and says so
    exposure.writes = true;
    assertThat(reconciler.correctDrift(sha, desired, () -> false)).isEqualTo(new Outcome.Applied(1));
    assertThat(events).filteredOn(e -> e.tags().contains("gateways:exposed")).singleElement()
        .satisfies(e -> assertThat(e.tags()).contains("drift:corrected", "outcome:applied"));
    assertThat(ledgerActions(sha)).as("drift checks are events, not ledger rows")
        .noneMatch(a -> a.contains("expose-gateways"));
  }

  @Test
  void aFailedExposureFailsTheRevisionLikeAnyAction() {
    String sha = "c".repeat(40);
    exposure.failure = new DriverException("kubernetes: Service vamp/vamp-gateways exists and is not this daemon's",
        false);

    Outcome outcome = reconciler.reconcile(revision(sha, SHOP), () -> false).outcome();

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed -> {
      assertThat(failed.action()).startsWith("expose-gateways ports 9050,");
      assertThat(failed.reason()).contains("is not this daemon's");
      assertThat(failed.retryable()).isFalse();
    });
    assertThat(backends.ledger().revision(sha).orElseThrow().status()).isEqualTo(RevisionStatus.FAILED);
    ActionRecord last = backends.ledger().actions(sha).get(3);
    assertThat(last.type() + " " + last.outcome()).isEqualTo("expose-gateways failed");
    assertThat(last.detail()).contains("is not this daemon's");
    assertThat(events).anyMatch(e -> e.tags().contains("gateways:exposed") && e.tags().contains("outcome:failed"));
  }

  @Test
  void aFailedExposureFailsADriftCheckRetryablyWhenTheDriverSaysSo() {
    String sha = "d".repeat(40);
    DesiredState desired = reconciler.reconcile(revision(sha, SHOP), () -> false).state().orElseThrow();
    exposure.failure = new DriverException("kubernetes: HTTP 503: unavailable", true);

    Outcome outcome = reconciler.correctDrift(sha, desired, () -> false);

    assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, failed ->
        assertThat(failed.retryable()).isTrue());
  }

  @Test
  void neverWhileSupersededOrFenced() {
    String sha = "e".repeat(40);
    DesiredState desired = reconciler.reconcile(revision(sha, SHOP), () -> false).state().orElseThrow();
    assertThat(exposure.calls).hasSize(1);

    // the plan is empty: only the exposure would run, and the daemon no longer holds the fence
    assertThat(reconciler.correctDrift(sha, desired, () -> true)).isInstanceOf(Outcome.Superseded.class);
    assertThat(exposure.calls).as("not called").hasSize(1);

    // a newer commit arrives while the plan's last action (publishing the gateways) runs: not exposed
    String next = "f".repeat(40);
    String key = GatewayDocument.key("test");
    Optional<String> before = backends.kv().get(key).map(v -> v.value());
    Outcome outcome = reconciler.reconcile(revision(next, SHOP.replace("9050", "9060")),
        () -> !backends.kv().get(key).map(v -> v.value()).equals(before)).outcome();
    assertThat(outcome).isInstanceOf(Outcome.Superseded.class);
    assertThat(backends.kv().get(key).map(v -> v.value())).as("the plan did run").isNotEqualTo(before);
    assertThat(exposure.calls).as("not called").hasSize(1);
  }

  @Test
  void aSchedulerWithoutExposureConvergesAsBefore() {
    String sha = "0".repeat(40);
    scheduler.exposes = false;
    Reconciler.Result result = reconciler.reconcile(revision(sha, SHOP), () -> false);
    assertThat(result.outcome()).isEqualTo(new Outcome.Applied(3));
    assertThat(reconciler.correctDrift(sha, result.state().orElseThrow(), () -> true))
        .as("nothing to do, so nothing asks the fence").isEqualTo(new Outcome.Converged());
    assertThat(exposure.calls).isEmpty();
  }

  /** Runs what it is given at once, every instance ready; exposes through {@link #exposure} unless told not to. */
  /** Exposes through {@link RecordingExposure} while {@code exposes}. */
  private final class MemoryScheduler extends InstantScheduler {
    volatile boolean exposes = true;

    @Override
    public Optional<GatewayExposure> gatewayExposure() {
      return exposes ? Optional.of(exposure) : Optional.empty();
    }
  }

  private final class RecordingExposure implements GatewayExposure {
    final List<SortedMap<String, Integer>> calls = Collections.synchronizedList(new ArrayList<>());
    final List<Boolean> publishedWhenCalled = Collections.synchronizedList(new ArrayList<>());
    volatile boolean writes = true;
    volatile RuntimeException failure;

    @Override
    public boolean expose(SortedMap<String, Integer> gatewayPorts) {
      calls.add(new TreeMap<>(gatewayPorts));
      publishedWhenCalled.add(backends.kv().get(GatewayDocument.key("test")).isPresent());
      if (failure != null) {
        throw failure;
      }
      return writes;
    }
  }
}
