package io.vamp.driver.spi.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link KeyValueStore} must do, whatever its backend. A backend's test extends this class
 * and says how to open a client of the store under test; everything asynchronous is awaited for at
 * most {@link #WAIT}.
 *
 * <p>Each test writes only under its own fresh {@link #root()}, so a subclass may share one server
 * between tests. Election names are fresh per test too. The suite ships in the spi test-jar and needs
 * JUnit 5, AssertJ and Awaitility on the test class path of the module that runs it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // try-with-resources keeps a watch open for the block, unreferenced
public abstract class KeyValueStoreContract {

  /** The longest anything asynchronous may take: a watch delivery, an ephemeral key vanishing, a failover. */
  protected static final Duration WAIT = Duration.ofSeconds(15);

  /** How long "nothing more happens" is watched for. */
  protected static final Duration QUIET = Duration.ofMillis(700);

  private final List<KeyValueStore> clients = new ArrayList<>();
  private KeyValueStore store;
  private String root;

  /**
   * A new client of the store under test, with its own session (its own ephemeral keys and election
   * candidacies). All clients opened during one test must see the same data. The contract closes them.
   */
  protected abstract KeyValueStore newClient();

  @BeforeEach
  void pickFreshRoot() {
    root = "/contract/" + UUID.randomUUID();
  }

  @AfterEach
  void closeClients() {
    for (KeyValueStore client : clients) {
      try {
        client.close();
      } catch (RuntimeException ignored) {
        // a test may already have closed it; closing twice is itself tested below
      }
    }
    clients.clear();
    store = null;
  }

  /** The test's first client, opened on first use (after the subclass's own set-up ran). */
  protected final KeyValueStore store() {
    if (store == null) {
      store = client();
    }
    return store;
  }

  /** Another client of the same store, closed after the test. */
  protected final KeyValueStore client() {
    KeyValueStore client = newClient();
    clients.add(client);
    return client;
  }

  /** The path every key of this test lives under. */
  protected final String root() {
    return root;
  }

  protected final String key(String relative) {
    return root + "/" + relative;
  }

  /**
   * How many rounds {@code aStaleWriterNeverWinsAgainstANewLeaderRaisingTheFence} runs: each round a
   * stale writer races a raise of the fence. A subclass whose transport is slow may run fewer.
   */
  protected int fenceRaceRounds() {
    return 40;
  }

  private String electionName() {
    return "contract-" + UUID.randomUUID().toString().substring(0, 8);
  }

  // --- get, put, delete ---------------------------------------------------------------------------

  @Test
  void getOfAnAbsentKeyIsEmpty() {
    assertThat(store().get(key("absent"))).isEmpty();
  }

  @Test
  void putThenGetReturnsTheValueWithThePutVersion() {
    long version = store().put(key("a"), "one");

    assertThat(version).isPositive();
    assertThat(store().get(key("a"))).contains(new Versioned("one", version));
  }

  @Test
  void valuesAreTextOfAnyShape() {
    String multiLine = "global\n  maxconn 4096\n\tdaemon\r\n# ünïcödé ✓ 日本\n";
    String large = "x".repeat(64 * 1024);

    store().put(key("empty"), "");
    store().put(key("multi-line"), multiLine);
    store().put(key("large"), large);

    assertThat(store().get(key("empty"))).map(Versioned::value).contains("");
    assertThat(store().get(key("multi-line"))).map(Versioned::value).contains(multiLine);
    assertThat(store().get(key("large"))).map(Versioned::value).contains(large);
  }

  @Test
  void everyWriteGivesAGreaterVersionEvenWithTheSameValue() {
    long first = store().put(key("a"), "same");
    long second = store().put(key("a"), "same");
    long third = store().put(key("a"), "other");

    assertThat(second).isGreaterThan(first);
    assertThat(third).isGreaterThan(second);
    assertThat(store().get(key("a"))).map(Versioned::version).contains(third);
  }

  @Test
  void aRecreatedKeyGetsAGreaterVersionThanBeforeItsDeletion() {
    long before = store().put(key("a"), "v");
    store().delete(key("a"));

    long after = store().put(key("a"), "v");

    assertThat(after).isGreaterThan(before);
  }

  @Test
  void deleteRemovesTheKeyAndTellsWhetherItWasThere() {
    store().put(key("a"), "v");

    assertThat(store().delete(key("a"))).isTrue();
    assertThat(store().get(key("a"))).isEmpty();
    assertThat(store().delete(key("a"))).isFalse();
    assertThat(store().delete(key("never-written"))).isFalse();
  }

  @Test
  void keysAreFlatSoParentsDoNotExistImplicitlyAndSurviveTheirChildren() {
    store().put(key("a/b/c"), "deep");

    assertThat(store().get(key("a/b"))).isEmpty();
    assertThat(store().list(key("a")).keySet()).containsExactly(key("a/b/c"));

    store().put(key("a/b"), "parent");
    assertThat(store().delete(key("a/b"))).isTrue();
    assertThat(store().get(key("a/b/c"))).map(Versioned::value).contains("deep");

    assertThat(store().delete(key("a/b/c"))).isTrue();
    assertThat(store().list(key("a"))).isEmpty();
  }

  @Test
  void invalidKeysAreRefused() {
    for (String invalid : List.of("", "a/b", "/", "/a/", "/a//b", "/a/./b", "/a/../b", "/a\nb")) {
      assertThatThrownBy(() -> store().put(invalid, "v")).as("put %s", invalid)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> store().get(invalid)).as("get %s", invalid)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> store().list("relative/prefix")).isInstanceOf(IllegalArgumentException.class);
  }

  // --- list ---------------------------------------------------------------------------------------

  @Test
  void listReturnsTheKeysUnderAPathPrefixSorted() {
    for (String k : List.of("x/2/deep", "xy", "x", "x-z", "x/1", "w")) {
      store().put(key(k), "value of " + k);
    }

    assertThat(store().list(key("x")).keySet()).containsExactly(key("x"), key("x/1"), key("x/2/deep"));
    assertThat(store().list(key("x") + "/").keySet()).containsExactly(key("x"), key("x/1"), key("x/2/deep"));
    assertThat(store().list(root()).keySet())
        .containsExactly(key("w"), key("x"), key("x-z"), key("x/1"), key("x/2/deep"), key("xy"));
    assertThat(store().list(key("nothing-here"))).isEmpty();
  }

  @Test
  void listedValuesAndVersionsAreThoseOfGet() {
    store().put(key("p/a"), "1");
    store().put(key("p/b"), "2");
    store().put(key("p/a"), "3");

    assertThat(store().list(key("p")))
        .containsEntry(key("p/a"), store().get(key("p/a")).orElseThrow())
        .containsEntry(key("p/b"), store().get(key("p/b")).orElseThrow())
        .hasSize(2);
  }

  // --- compare and set ----------------------------------------------------------------------------

  @Test
  void compareAndSetWithZeroWritesOnlyIfAbsent() {
    assertThat(store().compareAndSet(key("a"), 0, "first")).isTrue();
    assertThat(store().compareAndSet(key("a"), 0, "second")).isFalse();

    assertThat(store().get(key("a"))).map(Versioned::value).contains("first");
  }

  @Test
  void compareAndSetWithTheCurrentVersionWritesAndAStaleVersionIsRefused() {
    long v1 = store().put(key("a"), "one");
    assertThat(store().compareAndSet(key("a"), v1, "two")).isTrue();
    long v2 = store().get(key("a")).orElseThrow().version();

    assertThat(v2).isGreaterThan(v1);
    assertThat(store().compareAndSet(key("a"), v1, "stale")).isFalse();
    assertThat(store().get(key("a"))).contains(new Versioned("two", v2));
  }

  @Test
  void compareAndSetOfAnAbsentKeyWithANonZeroVersionIsRefused() {
    long old = store().put(key("a"), "v");
    store().delete(key("a"));

    assertThat(store().compareAndSet(key("a"), old, "again")).isFalse();
    assertThat(store().compareAndSet(key("never-written"), 1, "v")).isFalse();
    assertThat(store().get(key("a"))).isEmpty();
    assertThat(store().get(key("never-written"))).isEmpty();
  }

  @Test
  void compareAndSetIsAtomicAcrossThreadsAndClients() throws Exception {
    KeyValueStore other = client();
    store().put(key("counter"), "0");
    int threads = 4;
    int incrementsEach = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        KeyValueStore client = t % 2 == 0 ? store() : other;
        done.add(pool.submit(() -> {
          for (int i = 0; i < incrementsEach; i++) {
            while (true) {
              Versioned current = client.get(key("counter")).orElseThrow();
              String next = String.valueOf(Integer.parseInt(current.value()) + 1);
              if (client.compareAndSet(key("counter"), current.version(), next)) {
                break;
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(store().get(key("counter"))).map(Versioned::value)
        .contains(String.valueOf(threads * incrementsEach));
  }

  // --- fenced writes -----------------------------------------------------------------------------

  @Test
  void aFencedPutWritesWhenTheFenceHoldsExactlyTheValue() {
    store().put(key("leader/fence"), "7");

    OptionalLong created = store().putIfFenced(key("gateways"), "one", key("leader/fence"), "7");
    OptionalLong updated = client().putIfFenced(key("gateways"), "two", key("leader/fence"), "7");

    assertThat(created).isPresent();
    assertThat(updated).isPresent();
    assertThat(updated.getAsLong()).isGreaterThan(created.getAsLong());
    assertThat(store().get(key("gateways"))).contains(new Versioned("two", updated.getAsLong()));
    assertThat(store().get(key("leader/fence"))).map(Versioned::value).as("the fence is only read").contains("7");
  }

  @Test
  void aFencedPutWritesNothingOnceTheFenceMoved() {
    long fence = store().put(key("leader/fence"), "7");
    long before = store().put(key("gateways"), "old leader's");
    assertThat(store().compareAndSet(key("leader/fence"), fence, "8")).isTrue();

    assertThat(store().putIfFenced(key("gateways"), "stale", key("leader/fence"), "7")).isEmpty();
    assertThat(store().putIfFenced(key("never-written"), "stale", key("leader/fence"), "7")).isEmpty();

    assertThat(store().get(key("gateways"))).contains(new Versioned("old leader's", before));
    assertThat(store().get(key("never-written"))).isEmpty();
    assertThat(store().putIfFenced(key("gateways"), "new leader's", key("leader/fence"), "8")).isPresent();
    assertThat(store().get(key("gateways"))).map(Versioned::value).contains("new leader's");
  }

  @Test
  void aFencedPutIsRefusedWhenTheFenceIsMissingOrOnlyLooksAlike() {
    assertThat(store().putIfFenced(key("a"), "v", key("leader/fence"), "7")).as("never written").isEmpty();
    store().put(key("leader/fence"), "7");
    store().delete(key("leader/fence"));
    assertThat(store().putIfFenced(key("a"), "v", key("leader/fence"), "7")).as("deleted").isEmpty();
    store().put(key("leader/fence"), "17");
    assertThat(store().putIfFenced(key("a"), "v", key("leader/fence"), "7")).as("17 is not 7").isEmpty();
    assertThat(store().putIfFenced(key("a"), "v", key("leader/fence"), "1")).as("1 is not 17").isEmpty();
    assertThat(store().putIfFenced(key("a"), "v", key("leader/fence"), "17 ")).as("no trimming").isEmpty();
    assertThat(store().putIfFenced(key("a"), "v", key("leader/fence"), "")).isEmpty();

    assertThat(store().get(key("a"))).isEmpty();
    assertThatThrownBy(() -> store().putIfFenced(key("a"), "v", "relative", "7"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store().putIfFenced("/a//b", "v", key("leader/fence"), "17"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aFencedPutMakesAnEphemeralKeyPersistentLikeAPut() {
    KeyValueStore owner = client();
    owner.putEphemeral(key("k"), "ephemeral", Duration.ofSeconds(5));
    store().put(key("leader/fence"), "3");

    assertThat(store().putIfFenced(key("k"), "fenced", key("leader/fence"), "3")).isPresent();
    owner.close();

    await().during(QUIET).atMost(WAIT).until(() -> store().get(key("k")).map(Versioned::value)
        .equals(Optional.of("fenced")));
  }

  /**
   * A deposed leader keeps writing as fast as it can while a new leader raises the fence: once the raise
   * has happened, not one write of the deposed leader lands. The new leader reads the key right after
   * its raise and again after the deposed leader has stopped: a stale write between the two would show.
   */
  @Test
  void aStaleWriterNeverWinsAgainstANewLeaderRaisingTheFence() throws Exception {
    KeyValueStore deposed = client();
    KeyValueStore leader = client();
    String fence = key("leader/fence");
    String target = key("gateways");
    int rounds = fenceRaceRounds();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      for (int round = 1; round <= rounds; round++) {
        String stale = Integer.toString(round * 2 - 1);
        String fresh = Integer.toString(round * 2);
        long fenceVersion = leader.put(fence, stale);
        CountDownLatch wroteOnce = new CountDownLatch(1);
        AtomicBoolean refused = new AtomicBoolean();
        int r = round;
        Future<Integer> staleWrites = pool.submit(() -> {
          int written = 0;
          for (int i = 0; ; i++) {
            if (deposed.putIfFenced(target, "stale " + r + "/" + i, fence, stale).isEmpty()) {
              refused.set(true);
              return written;
            }
            written++;
            wroteOnce.countDown();
          }
        });
        assertThat(wroteOnce.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).as("round %d: a first write", round)
            .isTrue();

        assertThat(leader.compareAndSet(fence, fenceVersion, fresh)).as("round %d: the raise", round).isTrue();
        Optional<Versioned> afterRaise = leader.get(target);
        int staleWritten = staleWrites.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(refused).isTrue();
        assertThat(staleWritten).isPositive();
        assertThat(leader.get(target)).as("round %d: no stale write after the raise", round).isEqualTo(afterRaise);
        assertThat(deposed.putIfFenced(target, "stale again", fence, stale)).isEmpty();
        assertThat(leader.putIfFenced(target, "fresh " + r, fence, fresh)).isPresent();
        assertThat(store().get(target)).map(Versioned::value).contains("fresh " + r);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // --- watch --------------------------------------------------------------------------------------

  @Test
  void keyWatchStartsWithTheCurrentValueThenDeliversChangesAndDeletionAsEmpty() {
    long v1 = store().put(key("k"), "one");
    Recorder events = new Recorder();

    try (Watch ignored = store().watch(key("k"), false, events)) {
      events.awaitValues(key("k"), "one");
      long v2 = client().put(key("k"), "two");
      events.awaitValues(key("k"), "one", "two");
      store().delete(key("k"));
      events.awaitValues(key("k"), "one", "two", null);

      assertThat(events.of(key("k")).get(0)).contains(new Versioned("one", v1));
      assertThat(events.of(key("k")).get(1)).contains(new Versioned("two", v2));
    }
    events.assertNeverConcurrent();
  }

  @Test
  void keyWatchOfAnAbsentKeyStartsEmptyThenSeesItsCreation() {
    Recorder events = new Recorder();

    try (Watch ignored = store().watch(key("k"), false, events)) {
      events.awaitValues(key("k"), (String) null);
      store().put(key("k"), "created");
      events.awaitValues(key("k"), null, "created");
    }
  }

  @Test
  void keyWatchSeesOnlyItsOwnKey() {
    Recorder events = new Recorder();

    try (Watch ignored = store().watch(key("k"), false, events)) {
      events.awaitValues(key("k"), (String) null);
      store().put(key("k2"), "sibling");
      store().put(key("k/child"), "child");
      store().put(key("k"), "mine");
      events.awaitValues(key("k"), null, "mine");
      await().during(QUIET).atMost(WAIT).until(() -> events.keys().equals(List.of(key("k"))));
    }
  }

  @Test
  void prefixWatchStartsWithThePresentKeysThenDeliversChangesUnderThePrefixOnly() {
    store().put(key("p/a"), "a1");
    store().put(key("p/deep/b"), "b1");
    store().put(key("pq"), "not under p");
    Recorder events = new Recorder();

    try (Watch ignored = store().watch(key("p"), true, events)) {
      events.awaitValues(key("p/a"), "a1");
      events.awaitValues(key("p/deep/b"), "b1");

      KeyValueStore other = client();
      other.put(key("p/c"), "c1");
      other.put(key("pq/x"), "not under p either");
      other.put(key("p"), "the prefix itself");
      other.delete(key("p/a"));

      events.awaitValues(key("p/c"), "c1");
      events.awaitValues(key("p"), "the prefix itself");
      events.awaitValues(key("p/a"), "a1", null);
      await().during(QUIET).atMost(WAIT).untilAsserted(() -> assertThat(events.keys())
          .containsExactlyInAnyOrder(key("p"), key("p/a"), key("p/c"), key("p/deep/b")));
    }
    events.assertNeverConcurrent();
  }

  @Test
  void watchDeliversABurstOfWritesInOrderEndingWithTheLastValue() {
    store().put(key("burst"), "start");
    Recorder events = new Recorder();

    try (Watch ignored = store().watch(key("burst"), false, events)) {
      events.awaitValues(key("burst"), "start");
      for (int i = 0; i < 30; i++) {
        store().put(key("burst"), "v" + i);
      }
      await().atMost(WAIT).until(() -> events.last(key("burst")).map(Versioned::value).equals(Optional.of("v29")));

      List<Long> versions = events.of(key("burst")).stream().map(v -> v.orElseThrow().version()).toList();
      assertThat(versions).isSorted().doesNotHaveDuplicates();
    }
    events.assertNeverConcurrent();
  }

  @Test
  void aClosedWatchDeliversNothingMore() {
    Recorder closed = new Recorder();
    Watch watch = store().watch(key("k"), false, closed);
    closed.awaitValues(key("k"), (String) null);

    watch.close();
    store().put(key("k"), "after close");

    Recorder barrier = new Recorder();
    try (Watch ignored = store().watch(key("k"), false, barrier)) {
      barrier.awaitValues(key("k"), "after close");
      await().during(QUIET).atMost(WAIT).until(() -> closed.of(key("k")).size() == 1);
    }
    watch.close();
  }

  @Test
  void aThrowingListenerDoesNotStopItsWatch() {
    AtomicInteger calls = new AtomicInteger();
    Recorder events = new Recorder();
    WatchListener throwing = (k, v) -> {
      calls.incrementAndGet();
      events.changed(k, v);
      throw new IllegalStateException("listener failure (expected by the test)");
    };

    try (Watch ignored = store().watch(key("k"), false, throwing)) {
      events.awaitValues(key("k"), (String) null);
      store().put(key("k"), "still delivered");
      events.awaitValues(key("k"), null, "still delivered");
    }
  }

  // --- ephemeral keys -----------------------------------------------------------------------------

  @Test
  void anEphemeralKeyIsSeenByOthersAndDisappearsWhenItsClientCloses() {
    KeyValueStore owner = client();
    KeyValueStore observer = client();
    KeyValueStore bystander = client();

    owner.putEphemeral(key("agents/a1"), "alive", Duration.ofSeconds(5));
    assertThat(observer.get(key("agents/a1"))).map(Versioned::value).contains("alive");

    bystander.close();
    assertThat(observer.get(key("agents/a1"))).isPresent();

    owner.close();
    await().atMost(WAIT).until(() -> observer.get(key("agents/a1")).isEmpty());
    assertThat(observer.list(key("agents"))).isEmpty();
  }

  @Test
  void aWatchSeesAnEphemeralKeyGoWithItsClient() {
    KeyValueStore owner = client();
    Recorder events = new Recorder();

    try (Watch ignored = store().watch(key("agents"), true, events)) {
      owner.putEphemeral(key("agents/a1"), "alive", Duration.ofSeconds(5));
      events.awaitValues(key("agents/a1"), "alive");
      owner.close();
      events.awaitValues(key("agents/a1"), "alive", null);
    }
  }

  // --- leader election ----------------------------------------------------------------------------

  @Test
  void exactlyOneOfTwoCandidatesLeads() {
    String name = electionName();
    LeaderElection a = client().elect(name, "a");
    LeaderElection b = client().elect(name, "b");

    await().atMost(WAIT).until(() -> a.isLeader() ^ b.isLeader());
    await().during(QUIET).atMost(WAIT).until(() -> a.isLeader() ^ b.isLeader());
    LeaderElection leader = a.isLeader() ? a : b;
    assertThat(leader.fencingToken()).isPositive();
  }

  @Test
  void leavingTheElectionHandsLeadershipOverWithAGreaterFencingToken() {
    String name = electionName();
    LeaderElection a = client().elect(name, "a");
    LeaderElection b = client().elect(name, "b");
    await().atMost(WAIT).until(() -> a.isLeader() ^ b.isLeader());
    LeaderElection leader = a.isLeader() ? a : b;
    LeaderElection follower = leader == a ? b : a;
    long deposedToken = leader.fencingToken();

    leader.close();

    await().atMost(WAIT).until(follower::isLeader);
    assertThat(leader.isLeader()).isFalse();
    assertThat(follower.fencingToken()).isGreaterThan(deposedToken);
  }

  @Test
  void closingTheLeadersClientHandsLeadershipOver() {
    String name = electionName();
    KeyValueStore first = client();
    LeaderElection a = first.elect(name, "a");
    await().atMost(WAIT).until(a::isLeader);
    long deposedToken = a.fencingToken();
    LeaderElection b = client().elect(name, "b");
    await().during(QUIET).atMost(WAIT).until(() -> a.isLeader() && !b.isLeader());

    first.close();

    await().atMost(WAIT).until(b::isLeader);
    assertThat(b.fencingToken()).isGreaterThan(deposedToken);
  }

  @Test
  void theFencingTokenGrowsWithEveryChangeOfLeader() {
    String name = electionName();
    KeyValueStore clientA = client();
    KeyValueStore clientB = client();
    LeaderElection a1 = clientA.elect(name, "a");
    await().atMost(WAIT).until(a1::isLeader);
    long t1 = a1.fencingToken();
    LeaderElection b = clientB.elect(name, "b");

    a1.close();
    await().atMost(WAIT).until(b::isLeader);
    long t2 = b.fencingToken();
    LeaderElection a2 = clientA.elect(name, "a");
    b.close();
    await().atMost(WAIT).until(a2::isLeader);
    long t3 = a2.fencingToken();

    assertThat(t2).isGreaterThan(t1);
    assertThat(t3).isGreaterThan(t2);
  }

  @Test
  void electionsOfDifferentNamesAreIndependent() {
    LeaderElection a = client().elect(electionName(), "a");
    LeaderElection b = client().elect(electionName(), "b");

    await().atMost(WAIT).until(() -> a.isLeader() && b.isLeader());
  }

  // --- lifecycle ----------------------------------------------------------------------------------

  @Test
  void closingTwiceIsHarmless() {
    KeyValueStore client = client();
    client.put(key("a"), "v");
    LeaderElection election = client.elect(electionName(), "a");
    Watch watch = client.watch(key("a"), false, (k, v) -> { });

    watch.close();
    watch.close();
    election.close();
    election.close();
    client.close();
    client.close();

    assertThat(store().get(key("a"))).map(Versioned::value).contains("v");
  }

  /** Records watch calls per key, in order, and notices calls that overlap. */
  protected static final class Recorder implements WatchListener {
    private record Call(String key, Optional<Versioned> value) {}

    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean overlapped;

    @Override
    public void changed(String key, Optional<Versioned> value) {
      if (inFlight.incrementAndGet() > 1) {
        overlapped = true;
      }
      try {
        calls.add(new Call(key, value));
      } finally {
        inFlight.decrementAndGet();
      }
    }

    public List<Optional<Versioned>> of(String key) {
      return calls.stream().filter(c -> c.key().equals(key)).map(Call::value).toList();
    }

    public Optional<Versioned> last(String key) {
      List<Optional<Versioned>> values = of(key);
      return values.isEmpty() ? Optional.empty() : values.get(values.size() - 1);
    }

    public List<String> keys() {
      return calls.stream().map(Call::key).distinct().sorted().toList();
    }

    /** Waits until the calls for {@code key} carried exactly these values (null: deleted or absent). */
    public void awaitValues(String key, String... values) {
      List<String> expected = java.util.Arrays.asList(values);
      await().atMost(WAIT).untilAsserted(() -> assertThat(
          of(key).stream().map(v -> v.map(Versioned::value).orElse(null)).toList())
          .as("values delivered for %s", key)
          .isEqualTo(expected));
    }

    public void assertNeverConcurrent() {
      assertThat(overlapped).as("listener called concurrently").isFalse();
    }
  }
}
