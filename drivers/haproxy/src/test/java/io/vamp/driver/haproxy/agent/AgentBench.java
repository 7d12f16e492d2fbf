package io.vamp.driver.haproxy.agent;

import io.vamp.driver.haproxy.render.Endpoint;
import io.vamp.driver.haproxy.render.Endpoints;
import io.vamp.driver.haproxy.render.HaproxyRenderer;
import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.memory.MemoryKeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import io.vamp.model.state.WorkloadId;
import io.vamp.testing.FreePorts;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Prints, does not assert: how long the gateway agent takes to reload HAProxy with 5,000 route backends,
 * and how long from a key-value put to HAProxy serving new weights, through the runtime API and
 * through a reload, on a small configuration and on the large one. Real HAProxy, real HTTP backends on
 * loopback, the in-process store, the agent's default timing (200 ms debounce) unless {@code --debounce MS}.
 *
 * <p>Run: see the agent section of drivers/haproxy/README.md. Arguments: {@code [--gateways N]
 * [--routes N] [--runs N] [--debounce MS]} (default 50 gateways of 100 routes: 5,000 route backends).
 */
public final class AgentBench {
  private static final Duration BOUND = Duration.ofMinutes(3);

  private final Path haproxy;
  private final Backend a;
  private final Backend b;
  private final int runs;
  private final Duration debounce;

  private AgentBench(Path haproxy, Backend a, Backend b, int runs, Duration debounce) {
    this.haproxy = haproxy;
    this.a = a;
    this.b = b;
    this.runs = runs;
    this.debounce = debounce;
  }

  public static void main(String[] args) throws Exception {
    int gateways = intArg(args, "--gateways", 50);
    int routes = intArg(args, "--routes", 100);
    int runs = intArg(args, "--runs", 7);
    Duration debounce = Duration.ofMillis(intArg(args, "--debounce", 200));
    Path haproxy = GatewayAgent.findHaproxy().orElseThrow(() -> new IllegalStateException(GatewayAgent.HAPROXY_MISSING));
    System.out.printf("agent-bench: %s, HAProxy %s, %d cpus, load average %.1f, debounce %d ms%n", haproxy,
        GatewayAgent.haproxyVersion(haproxy).orElse("?"), Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), debounce.toMillis());
    Path directory = Files.createTempDirectory("vab");
    try (Backend a = Backend.start("A"); Backend b = Backend.start("B")) {
      AgentBench bench = new AgentBench(haproxy, a, b, runs, debounce);
      bench.measure("small: 1 gateway, 2 routes", directory.resolve("s"), 1, 2);
      bench.measure(String.format("large: %d gateways x %d routes = %d route backends", gateways, routes,
          gateways * routes), directory.resolve("l"), gateways, routes);
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void measure(String title, Path directory, int gateways, int routes) throws Exception {
    Path run = Files.createDirectories(directory.resolve("run"));
    List<Integer> ports = FreePorts.allocate(gateways);
    try (KeyValueStore store = MemoryKeyValueStore.open();
         GatewayAgent agent = new GatewayAgent(AgentSettings.defaults(store, haproxy, directory.resolve("agent"))
             .withAgentId("bench").withHealth("127.0.0.1", 0).withSyslogPort(0)
             .withTiming(AgentSettings.Timing.DEFAULT.withDebounce(debounce, debounce.plusSeconds(1))))) {
      agent.start();
      int port = ports.get(0);
      String key = agent.configurationKey();

      // the first configuration: route 0 of every gateway takes everything, HAProxy starts
      String first = render(run, ports, routes, 0, 0);
      long started = System.nanoTime();
      long version = store.put(key, first);
      awaitApplied(agent, version);
      AgentStatus.Applied start = agent.status().lastApply().orElseThrow();
      System.out.printf("%n%s (%,d bytes of configuration)%n", title, first.length());
      System.out.printf("  start:   put to served %d ms (haproxy -c %d ms, start %d ms)%n",
          millisSince(started), start.validateMillis(), start.haproxyMillis());

      long[] runtime = new long[runs];
      long[] runtimeHaproxy = new long[runs];
      long[] reload = new long[runs];
      long[] reloadCheck = new long[runs];
      long[] reloadHaproxy = new long[runs];
      int revision = 0;
      int target = 0;
      for (int i = 0; i < runs; i++) {
        // weights only: route 0 <-> route 1 of the first gateway (A <-> B)
        target = 1 - target;
        runtime[i] = putAndWaitForBackend(store, agent, key, render(run, ports, routes, target, revision), port,
            target == 1 ? "B" : "A");
        runtimeHaproxy[i] = agent.status().lastApply().orElseThrow().haproxyMillis();
        check(agent, AgentStatus.How.RUNTIME);
        // a structural change (another timeout) and the weights back: a reload
        target = 1 - target;
        revision++;
        reload[i] = putAndWaitForBackend(store, agent, key, render(run, ports, routes, target, revision), port,
            target == 1 ? "B" : "A");
        AgentStatus.Applied applied = agent.status().lastApply().orElseThrow();
        check(agent, AgentStatus.How.RELOAD);
        reloadCheck[i] = applied.validateMillis();
        reloadHaproxy[i] = applied.haproxyMillis();
      }
      System.out.printf("  weights, runtime API: put to served median %d ms (min %d, max %d); of which set server %s ms%n",
          median(runtime), min(runtime), max(runtime), median(runtimeHaproxy));
      System.out.printf("  weights + structure, reload: put to served median %d ms (min %d, max %d); of which"
          + " haproxy -c %d ms and reload %d ms (median; reload min %d, max %d)%n", median(reload), min(reload),
          max(reload), median(reloadCheck), median(reloadHaproxy), min(reloadHaproxy), max(reloadHaproxy));
      System.out.printf("  agent counts: %s%n", agent.status().counts());
    }
  }

  private static void check(GatewayAgent agent, AgentStatus.How expected) {
    AgentStatus.How how = agent.status().lastApply().orElseThrow().how();
    if (how != expected) {
      throw new IllegalStateException("expected a " + expected + ", the agent did a " + how);
    }
  }

  /** Puts, then asks the gateway until the expected backend answers: the put-to-served time. */
  private static long putAndWaitForBackend(KeyValueStore store, GatewayAgent agent, String key, String config,
      int port, String expected) throws Exception {
    long started = System.nanoTime();
    long version = store.put(key, config);
    long served = until(() -> {
      try {
        return Http.body(port).equals(expected) ? System.nanoTime() : 0;
      } catch (IOException e) {
        return 0;
      }
    });
    awaitApplied(agent, version);
    return (served - started) / 1_000_000;
  }

  private static void awaitApplied(GatewayAgent agent, long version) {
    until(() -> {
      AgentStatus status = agent.status();
      if (status.lastError().map(e -> e.version() == version).orElse(false)) {
        throw new IllegalStateException("version " + version + " failed: " + status.lastError().get().message());
      }
      return status.lastAppliedVersion() >= version ? 1 : 0;
    });
  }

  /** Polls (busily: this is a measurement) until the supplier gives non-zero. */
  private static long until(LongSupplier check) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      long value = check.getAsLong();
      if (value != 0) {
        return value;
      }
      Thread.onSpinWait();
    }
    throw new IllegalStateException("nothing within " + BOUND);
  }

  /**
   * Rendered by the renderer: {@code gateways} gateways of {@code routes} routes, one instance each
   * (route 1 of the first gateway on backend B, every other on A), all weight on route {@code target}.
   * {@code revision} changes the client timeout: a structural change.
   */
  private String render(Path run, List<Integer> ports, int routes, int target, int revision) {
    List<Gateway> list = new ArrayList<>();
    Endpoints.Builder endpoints = Endpoints.builder();
    for (int g = 0; g < ports.size(); g++) {
      List<Route> routeList = new ArrayList<>();
      for (int r = 0; r < routes; r++) {
        RouteTarget.ServicePort service = new RouteTarget.ServicePort(WorkloadId.parse("bench/g" + g + "/r" + r),
            "web");
        endpoints.add(service, new Endpoint("g" + g + "-r" + r, "127.0.0.1", g == 0 && r == 1 ? b.port() : a.port()));
        routeList.add(new Route("r" + r, service, r == target ? 100 : 0, Optional.empty(), 0, List.of(),
            Balance.ROUNDROBIN));
      }
      list.add(new Gateway("g" + g, Gateway.GatewayKind.STANDALONE, ports.get(g), Protocol.HTTP, Optional.empty(),
          List.of(), routeList, Optional.empty(), Optional.empty()));
    }
    RenderSettings settings = RenderSettings.defaults(run).withDefaultCheck(Optional.empty())
        .withTimeouts(new RenderSettings.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60 + revision),
            Duration.ofSeconds(60), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofHours(1), Duration.ofSeconds(5)));
    return HaproxyRenderer.render(list, endpoints.build(), settings);
  }

  private static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static long median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static long min(long[] values) {
    return Arrays.stream(values).min().orElse(0);
  }

  private static long max(long[] values) {
    return Arrays.stream(values).max().orElse(0);
  }

  private static int intArg(String[] args, String name, int fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return fallback;
  }
}
