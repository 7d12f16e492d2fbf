package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.vamp.driver.kubernetes.standin.KubernetesStandIn;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Converging N workloads with the driver against the mock API server, compared in the same run with a
 * bare fabric8 create loop of the same Deployment and Service objects. Printed, not asserted.
 *
 * <p>Sides, each on a fresh mock server per round (the mock's cost per request grows with what it
 * stores), in an order that rotates between rounds:
 * <ul>
 *   <li>{@code driver}: as the daemon converges a revision: {@code deploy()} of every workload,
 *       {@code apply.parallelism} (default 4) at a time, then until {@code observe()} reports all N with
 *       their digests (through the driver's watch caches). The driver renders each workload (template
 *       hash, {@code vamp.io/applied}) inside the timed part.</li>
 *   <li>{@code driver-serial}: the same with one {@code deploy()} after another.</li>
 *   <li>{@code bare}: a plain client creating the already rendered Deployment and Service of each
 *       workload, one request after another, nothing watched: the goal's baseline.</li>
 *   <li>{@code bare-parallel}: the same requests from {@code apply.parallelism} threads.</li>
 *   <li>{@code bare-watched}: {@code bare} while a driver's watch caches are open on the same mock server
 *       (the mock sends watch events inside its write lock, and the client decodes them on the same
 *       cores): the cost of watching alone.</li>
 * </ul>
 * Pods are not simulated (the mock runs no controllers), so readiness is part of no side. Wall time and
 * process CPU time (the in-process mock server included) are printed.
 *
 * <p>Run: see the module README ("Benchmark"). Arguments: workloads (1000), rounds (7), parallelism (4).
 * {@code -Donly=<side>} runs one side alone (for a profiler).
 */
public final class KubernetesConvergeBenchmark {
  private static final String NS = KubernetesStandIn.KUBERNETES_NAMESPACE;

  private KubernetesConvergeBenchmark() {}

  private interface Side {
    Time run(List<Workload> workloads) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    List<Workload> all = new ArrayList<>();
    for (int i = 0; i < workloads; i++) {
      all.add(TestWorkloads.web(new WorkloadId("bench" + i, "web", "web-1.0.0"),
          new TreeMap<>(Map.of("GREETING", "hello " + i)), 2));
    }
    Map<String, Side> sides = new LinkedHashMap<>();
    sides.put("driver", w -> driver(w, parallelism));
    sides.put("driver-serial", w -> driver(w, 1));
    sides.put("bare", w -> bare(w, 1, false));
    sides.put("bare-parallel", w -> bare(w, parallelism, false));
    sides.put("bare-watched", w -> bare(w, 1, true));
    String only = System.getProperty("only", "");
    if (!only.isEmpty()) {
      for (int round = 0; round < rounds; round++) {
        System.out.printf("%s %s%n", only, sides.get(only).run(all));
      }
      return;
    }
    // warm up every path once (class loading, JIT)
    for (Side side : sides.values()) {
      side.run(all.subList(0, Math.min(300, workloads)));
    }
    List<String> names = new ArrayList<>(sides.keySet());
    Map<String, List<Time>> times = new LinkedHashMap<>();
    names.forEach(n -> times.put(n, new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      StringBuilder line = new StringBuilder("round " + (round + 1) + ":");
      for (int i = 0; i < names.size(); i++) {
        String name = names.get((i + round) % names.size());
        Time t = sides.get(name).run(all);
        times.get(name).add(t);
        line.append(' ').append(name).append(' ').append(t).append(';');
      }
      System.out.println(line);
    }
    System.out.printf("converge %d workloads (a Deployment and a Service each) against fabric8's mock API server,"
        + " %d rounds, parallelism %d, %d cores%n", workloads, rounds, parallelism,
        Runtime.getRuntime().availableProcessors());
    Map<String, Double> wall = new LinkedHashMap<>();
    Map<String, Double> cpu = new LinkedHashMap<>();
    names.forEach(n -> {
      wall.put(n, median(times.get(n).stream().map(Time::wallMs).toList()));
      cpu.put(n, median(times.get(n).stream().map(Time::cpuMs).toList()));
      System.out.printf("  %-14s median %5.0f ms wall, %5.0f ms process cpu%n", n, wall.get(n), cpu.get(n));
    });
    double bare = wall.get("bare");
    System.out.printf("ratio driver / bare:               %.2f wall, %.2f cpu (goal <= 1.20)%n",
        wall.get("driver") / bare, cpu.get("driver") / cpu.get("bare"));
    System.out.printf("ratio driver-serial / bare:        %.2f wall%n", wall.get("driver-serial") / bare);
    System.out.printf("ratio driver / bare-parallel:      %.2f wall%n", wall.get("driver") / wall.get("bare-parallel"));
    System.out.printf("ratio bare-watched / bare:         %.2f wall (the mock's and the client's cost of watching)%n",
        wall.get("bare-watched") / bare);
  }

  private static KubernetesScheduler scheduler(KubernetesStandIn standIn) {
    return (KubernetesScheduler) new KubernetesSchedulerFactory().create(config(standIn));
  }

  private static DriverConfig config(KubernetesStandIn standIn) {
    return new DriverConfig("bench", Path.of("."), Optional.of(standIn.url()), standIn.driverSettings());
  }

  private static Time driver(List<Workload> workloads, int parallelism) throws Exception {
    try (KubernetesStandIn standIn = KubernetesStandIn.start(false);
        KubernetesScheduler scheduler = scheduler(standIn)) {
      Map<WorkloadId, String> wanted = new TreeMap<>();
      workloads.forEach(w -> wanted.put(w.id(), w.digest()));
      List<Runnable> calls = workloads.stream().<Runnable>map(w -> () -> scheduler.deploy(w)).toList();
      Start start = new Start();
      runAll(calls, parallelism);
      while (!converged(scheduler.observe(), wanted)) {
        Thread.sleep(1);
      }
      return start.stop();
    }
  }

  private static boolean converged(List<ObservedWorkload> observed, Map<WorkloadId, String> wanted) {
    return observed.size() == wanted.size() && observed.stream().allMatch(o -> o.digest().equals(wanted.get(o.id())));
  }

  /** The same objects created with a plain client; {@code watched}: while a driver's watch caches are open. */
  private static Time bare(List<Workload> workloads, int parallelism, boolean watched) throws Exception {
    try (KubernetesStandIn standIn = KubernetesStandIn.start(false);
        KubernetesScheduler watcher = watched ? scheduler(standIn) : null;
        KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(KubernetesClients.config(KubernetesSettings.from(config(standIn)))).build()) {
      WorkloadRenderer renderer = new WorkloadRenderer("bench", NS, KubernetesSettings.from(config(standIn)));
      List<Runnable> calls = new ArrayList<>();
      for (Workload w : workloads) {
        WorkloadRenderer.Rendered r = renderer.render(w, false);
        calls.add(() -> client.apps().deployments().inNamespace(NS).resource(r.deployment()).create());
        calls.add(() -> client.services().inNamespace(NS).resource(r.service()).create());
      }
      Start start = new Start();
      runAll(calls, parallelism);
      return start.stop();
    }
  }

  /** In order on this thread, or from {@code parallelism} threads. */
  private static void runAll(List<Runnable> calls, int parallelism) throws InterruptedException, ExecutionException {
    if (parallelism == 1) {
      calls.forEach(Runnable::run);
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    try {
      List<Future<?>> futures = new ArrayList<>();
      calls.forEach(c -> futures.add(pool.submit(c)));
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Wall and process CPU time from construction to {@link #stop}. */
  private static final class Start {
    private final long cpu = cpuNanos();
    private final long wall = System.nanoTime();

    Time stop() {
      return new Time((System.nanoTime() - wall) / 1e6, (cpuNanos() - cpu) / 1e6);
    }

    private static long cpuNanos() {
      return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
    }
  }

  /** One side of one round: wall milliseconds and process CPU milliseconds (the mock server included). */
  private record Time(double wallMs, double cpuMs) {
    @Override
    public String toString() {
      return String.format("%.0f ms (cpu %.0f)", wallMs, cpuMs);
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
