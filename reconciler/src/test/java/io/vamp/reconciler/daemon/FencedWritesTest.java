package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.event.EventSink;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.driver.spi.kv.LeaderElection;
import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import io.vamp.driver.spi.kv.WatchListener;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.reconciler.git.Person;
import io.vamp.reconciler.git.Revision;
import io.vamp.reconciler.loop.Backends;
import io.vamp.reconciler.loop.FencedKeyValueStore;
import io.vamp.reconciler.loop.InstantScheduler;
import io.vamp.reconciler.loop.Outcome;
import io.vamp.reconciler.loop.Reconciler;
import io.vamp.reconciler.plan.GatewayDocument;
import io.vamp.reconciler.plan.Publisher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deposed leader that has not noticed yet: both daemons' elections say they lead (a partition, a
 * long GC pause), each with its own token. The newer one raises the fence; the older one, which checked
 * the fence a moment before, then tries to publish: the store refuses the write, the revision is
 * superseded, and the older daemon stops leading with that token. The in-memory store (the same
 * {@code putIfFenced} contract every store passes against its real server) and a real H2 ledger.
 */
class FencedWritesTest {
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
  private static final String DOCUMENT = GatewayDocument.key("test");

  @TempDir
  Path data;

  private final InstantScheduler scheduler = new InstantScheduler();
  private String storeName;
  private KeyValueStore kvOld;
  private KeyValueStore kvNew;
  private Ledger ledger;
  private Leadership old;
  private Leadership newer;

  @BeforeEach
  void open() {
    storeName = "fenced-" + UUID.randomUUID();
    kvOld = memoryClient();
    kvNew = memoryClient();
    ledger = Drivers.find(LedgerFactory.class, "h2").create(new DriverConfig("test", data, Optional.empty(), Map.of()));
    old = new Leadership(new PinnedElection(kvOld, 1), "test", "old");
    newer = new Leadership(new PinnedElection(kvNew, 2), "test", "newer");
  }

  @AfterEach
  void close() {
    old.close();
    newer.close();
    kvOld.close();
    kvNew.close();
    ledger.close();
  }

  private KeyValueStore memoryClient() {
    return Drivers.find(KeyValueStoreFactory.class, "memory").create(new DriverConfig("test", data,
        Optional.of(java.net.URI.create("memory://" + storeName)), Map.of()));
  }

  private Reconciler reconciler(KeyValueStore kv, Leadership leadership) {
    Backends backends = new Backends(scheduler, new FencedKeyValueStore(kv, leadership), ledger, new EventSink() {
      @Override
      public void publish(List<Event> events) {
        // the ledger is what this test reads
      }

      @Override
      public void close() {
        // nothing to release
      }
    });
    ResolveContext context = new ResolveContext("127.0.0.1", 41000, 41099, Map.of(), Optional.empty(), "test");
    return new Reconciler(backends, context, new Publisher("test", RenderSettings.defaults(data.resolve("run"))),
        Duration.ofSeconds(5), 1, Clock.systemUTC());
  }

  private static Revision revision(String sha, String yaml) {
    return new Revision(sha, List.of(), DEV, DEV, "a commit", DEV.when(), "", new TreeMap<>(Map.of("shop.yaml", yaml)));
  }

  private Optional<String> published() {
    return kvNew.get(DOCUMENT).map(Versioned::value);
  }

  @Test
  void aLeaderWhoseFenceWasRaisedBetweenItsCheckAndItsWritePublishesNothing() {
    assertThat(old.mayWrite()).isTrue();
    Reconciler oldReconciler = reconciler(kvOld, old);
    assertThat(oldReconciler.reconcile(revision("a".repeat(40), SHOP), () -> !old.stillFenced()).outcome())
        .isInstanceOf(Outcome.Applied.class);
    Optional<String> before = published();
    assertThat(before).isPresent();

    // the old leader checks its fence (still its own) and pauses; meanwhile the newer leader raises it
    String sha = "b".repeat(40);
    AtomicBoolean pausedOnce = new AtomicBoolean();
    Outcome outcome = oldReconciler.reconcile(revision(sha, SHOP.replace("9050", "9060")), () -> {
      boolean stale = !old.stillFenced();
      if (pausedOnce.compareAndSet(false, true)) {
        assertThat(newer.mayWrite()).as("the newer leader raises the fence").isTrue();
      }
      return stale;
    }).outcome();

    assertThat(outcome).isInstanceOf(Outcome.Superseded.class);
    assertThat(pausedOnce).isTrue();
    assertThat(published()).as("the stale write was refused by the store").isEqualTo(before);
    assertThat(ledger.actions(sha)).singleElement().satisfies(action -> {
      assertThat(action.type()).isEqualTo("publish-gateways");
      assertThat(action.outcome()).isEqualTo("superseded");
      assertThat(action.detail()).contains("fence moved past token 1");
    });
    // never again with that token, though its election still says it leads
    assertThat(old.token()).isEmpty();
    assertThat(old.mayWrite()).isFalse();
    assertThat(old.mayWrite()).isFalse();
    assertThatThrownBy(() -> new FencedKeyValueStore(kvOld, old).put(DOCUMENT, "stale"))
        .hasMessageContaining("leadership lost");
    assertThat(published()).isEqualTo(before);

    // the newer leader converges the same revision
    Reconciler newReconciler = reconciler(kvNew, newer);
    assertThat(newReconciler.reconcile(revision(sha, SHOP.replace("9050", "9060")), () -> !newer.stillFenced())
        .outcome()).isInstanceOf(Outcome.Applied.class);
    assertThat(published()).get().asString().contains("9060");
  }

  @Test
  void aFencedStoreWritesOnlyWithTheTokenThatHoldsTheFence() {
    FencedKeyValueStore fromOld = new FencedKeyValueStore(kvOld, old);
    assertThat(old.mayWrite()).isTrue();
    assertThat(fromOld.put("/vamp/test/some/key", "one")).isPositive();
    assertThat(kvNew.get("/vamp/test/leader/fence")).map(Versioned::value).contains("1");

    assertThat(newer.mayWrite()).isTrue();
    assertThatThrownBy(() -> fromOld.put("/vamp/test/some/key", "two")).hasMessageContaining("token 1");
    assertThat(new FencedKeyValueStore(kvNew, newer).put("/vamp/test/some/key", "three")).isPositive();
    assertThat(kvOld.get("/vamp/test/some/key")).map(Versioned::value).contains("three");
    assertThatThrownBy(() -> fromOld.delete("/vamp/test/some/key")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> fromOld.compareAndSet("/vamp/test/some/key", 0, "x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** A store whose election always says "leader" with a fixed token: a daemon that has not noticed it lost. */
  private static final class PinnedElection implements KeyValueStore {
    private final KeyValueStore store;
    private final long token;

    PinnedElection(KeyValueStore store, long token) {
      this.store = store;
      this.token = token;
    }

    @Override
    public LeaderElection elect(String name, String candidateId) {
      return new LeaderElection() {
        @Override
        public boolean isLeader() {
          return true;
        }

        @Override
        public long fencingToken() {
          return token;
        }

        @Override
        public void close() {
          // nothing held
        }
      };
    }

    @Override
    public Optional<Versioned> get(String key) {
      return store.get(key);
    }

    @Override
    public long put(String key, String value) {
      return store.put(key, value);
    }

    @Override
    public boolean delete(String key) {
      return store.delete(key);
    }

    @Override
    public SortedMap<String, Versioned> list(String prefix) {
      return store.list(prefix);
    }

    @Override
    public boolean compareAndSet(String key, long expectedVersion, String value) {
      return store.compareAndSet(key, expectedVersion, value);
    }

    @Override
    public OptionalLong putIfFenced(String key, String value, String fenceKey, String fenceValue) {
      return store.putIfFenced(key, value, fenceKey, fenceValue);
    }

    @Override
    public Watch watch(String keyOrPrefix, boolean prefix, WatchListener listener) {
      return store.watch(keyOrPrefix, prefix, listener);
    }

    @Override
    public void putEphemeral(String key, String value, Duration ttl) {
      store.putEphemeral(key, value, ttl);
    }

    @Override
    public void close() {
      // the test closes the store
    }
  }
}
