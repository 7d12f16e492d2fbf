package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.vamp.driver.kubernetes.standin.KubernetesStandIn;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Converging N workloads with the driver against the mock API server, compared in the same run with a
 * bare fabric8 create loop of the same Deployment and Service objects. Printed, not asserted.
 *
 * <p>Driver: {@code deploy()} of every workload, then until {@code observe()} reports all N with their
 * digests (through the driver's watch caches). Bare: {@code create()} of each rendered Deployment and
 * Service with a plain client, nothing watched. Also printed: the bare loop while a driver's watch caches
 * are open on the same mock server (the mock sends watch events inside its write lock, and the client
 * decodes them on the same cores), to tell the cost of watching from the driver's own. Each round uses a
 * fresh mock server for each side (the mock's cost per request grows with what it stores) and the order
 * alternates between rounds. Pods are not simulated (the mock runs no controllers), so readiness is not
 * part of either side. Wall time, process CPU time and the calling thread's CPU time are printed.
 *
 * <p>Run: see the module README ("Benchmark"); {@code -Donly=driver|bare|watched} runs one side alone
 * (for a profiler), {@code -Dverbose=true} splits the driver's time.
 */
public final class KubernetesConvergeBenchmark {
  private static final boolean VERBOSE = Boolean.getBoolean("verbose");

  private KubernetesConvergeBenchmark() {}

  public static void main(String[] args) throws Exception {
    int workloads = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    List<Workload> all = new ArrayList<>();
    for (int i = 0; i < workloads; i++) {
      all.add(TestWorkloads.web(new WorkloadId("bench" + i, "web", "web-1.0.0"),
          new TreeMap<>(Map.of("GREETING", "hello " + i)), 2));
    }
    String only = System.getProperty("only", "");
    if (!only.isEmpty()) {
      // one side alone, for profiling
      for (int round = 0; round < rounds; round++) {
        Time t = only.equals("driver") ? driver(all) : bare(all, only.equals("watched"));
        System.out.printf("%s %s%n", only, show(t));
      }
      return;
    }
    // warm up both paths once (class loading, JIT)
    driver(all.subList(0, Math.min(200, workloads)));
    bare(all.subList(0, Math.min(200, workloads)), false);

    List<Time> driverT = new ArrayList<>();
    List<Time> bareT = new ArrayList<>();
    List<Time> watchedT = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      if (round % 2 == 0) {
        driverT.add(driver(all));
        bareT.add(bare(all, false));
        watchedT.add(bare(all, true));
      } else {
        watchedT.add(bare(all, true));
        bareT.add(bare(all, false));
        driverT.add(driver(all));
      }
      System.out.printf("round %d: driver %s; bare %s; bare with the driver's watches open %s%n", round + 1,
          show(driverT.get(round)), show(bareT.get(round)), show(watchedT.get(round)));
    }
    double d = median(driverT.stream().map(Time::wallMs).toList());
    double b = median(bareT.stream().map(Time::wallMs).toList());
    double w = median(watchedT.stream().map(Time::wallMs).toList());
    double dc = median(driverT.stream().map(Time::cpuMs).toList());
    double bc = median(bareT.stream().map(Time::cpuMs).toList());
    double wc = median(watchedT.stream().map(Time::cpuMs).toList());
    double dt = median(driverT.stream().map(Time::callerCpuMs).toList());
    double bt = median(bareT.stream().map(Time::callerCpuMs).toList());
    System.out.printf("converge %d workloads (Deployment + Service each) against the mock API server, %d rounds%n",
        workloads, rounds);
    System.out.printf("driver (deploy all, then observe all with their digests): median %.0f ms wall, %.0f ms cpu%n",
        d, dc);
    System.out.printf("bare fabric8 create loop of the same objects:            median %.0f ms wall, %.0f ms cpu%n",
        b, bc);
    System.out.printf("bare loop while the driver's watches are open:          median %.0f ms wall, %.0f ms cpu%n",
        w, wc);
    System.out.printf("calling thread's cpu: driver %.0f ms, bare %.0f ms%n", dt, bt);
    System.out.printf("ratio driver / bare: %.2f wall, %.2f cpu, %.2f calling thread cpu (goal <= 1.20);"
        + " driver / bare with watches: %.2f wall, %.2f cpu%n", d / b, dc / bc, dt / bt, d / w, dc / wc);
  }

  private static Time driver(List<Workload> workloads) throws InterruptedException {
    try (KubernetesStandIn standIn = KubernetesStandIn.start(false)) {
      KubernetesScheduler scheduler = (KubernetesScheduler) new KubernetesSchedulerFactory().create(new DriverConfig(
          "bench", Path.of("."), Optional.of(standIn.url()), standIn.driverSettings()));
      try {
        Map<WorkloadId, String> wanted = new TreeMap<>();
        workloads.forEach(w -> wanted.put(w.id(), w.digest()));
        long cpu = cpuNanos();
        long caller = threadCpuNanos();
        long start = System.nanoTime();
        for (Workload w : workloads) {
          scheduler.deploy(w);
        }
        long deployed = System.nanoTime();
        while (!converged(scheduler.observe(), wanted)) {
          Thread.sleep(1);
        }
        long end = System.nanoTime();
        if (VERBOSE) {
          System.out.printf("  driver: deploy loop %.0f ms, then observe until converged %.0f ms, %d requests%n",
              (deployed - start) / 1e6, (end - deployed) / 1e6, standIn.requestCount());
        }
        return new Time((end - start) / 1e6, (cpuNanos() - cpu) / 1e6, (threadCpuNanos() - caller) / 1e6);
      } finally {
        scheduler.close();
      }
    }
  }

  private static boolean converged(List<ObservedWorkload> observed, Map<WorkloadId, String> wanted) {
    if (observed.size() != wanted.size()) {
      return false;
    }
    return observed.stream().allMatch(o -> o.digest().equals(wanted.get(o.id())));
  }

  /** The same objects created with a plain client; {@code watched}: while a driver's watch caches are open. */
  private static Time bare(List<Workload> workloads, boolean watched) {
    try (KubernetesStandIn standIn = KubernetesStandIn.start(false);
        KubernetesScheduler watcher = watched ? (KubernetesScheduler) new KubernetesSchedulerFactory().create(
            new DriverConfig("bench", Path.of("."), Optional.of(standIn.url()), standIn.driverSettings())) : null) {
      WorkloadRenderer renderer = new WorkloadRenderer("bench", KubernetesStandIn.KUBERNETES_NAMESPACE,
          KubernetesSettings.from(new DriverConfig("bench", Path.of("."), Optional.of(standIn.url()),
              standIn.driverSettings())));
      List<WorkloadRenderer.Rendered> objects = workloads.stream().map(w -> renderer.render(w, false)).toList();
      try (KubernetesClient client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
          .withConfig(KubernetesClients.config(KubernetesSettings.from(new DriverConfig("bench", Path.of("."),
              Optional.of(standIn.url()), standIn.driverSettings())))).build()) {
        long cpu = cpuNanos();
        long caller = threadCpuNanos();
        long start = System.nanoTime();
        for (WorkloadRenderer.Rendered r : objects) {
          client.apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).resource(r.deployment())
              .create();
          client.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).resource(r.service()).create();
        }
        return new Time((System.nanoTime() - start) / 1e6, (cpuNanos() - cpu) / 1e6,
            (threadCpuNanos() - caller) / 1e6);
      }
    }
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long threadCpuNanos() {
    return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /**
   * One side of one round: wall milliseconds, process CPU milliseconds (the mock server and the client's
   * watch threads included), and CPU milliseconds of the calling thread (the client's own work).
   */
  private record Time(double wallMs, double cpuMs, double callerCpuMs) {}

  private static String show(Time t) {
    return String.format("%.0f ms (cpu %.0f, caller %.0f)", t.wallMs(), t.cpuMs(), t.callerCpuMs());
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
