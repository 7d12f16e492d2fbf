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
 * decodes them on the same cores), to tell the cost of watching from the driver's own. Each round uses a fresh mock server for each side (the
 * mock's cost per request grows with what it stores) and the order alternates between rounds. Pods are
 * not simulated (the mock runs no controllers), so readiness is not part of either side.
 *
 * <p>Run: see the module README ("Benchmark").
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
    // warm up both paths once (class loading, JIT)
    driver(all.subList(0, Math.min(200, workloads)));
    bare(all.subList(0, Math.min(200, workloads)), false);

    List<Double> driverMs = new ArrayList<>();
    List<Double> bareMs = new ArrayList<>();
    List<Double> watchedMs = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      if (round % 2 == 0) {
        driverMs.add(driver(all));
        bareMs.add(bare(all, false));
        watchedMs.add(bare(all, true));
      } else {
        watchedMs.add(bare(all, true));
        bareMs.add(bare(all, false));
        driverMs.add(driver(all));
      }
      System.out.printf("round %d: driver %.0f ms, bare %.0f ms, bare with the driver's watches open %.0f ms%n",
          round + 1, driverMs.get(round), bareMs.get(round), watchedMs.get(round));
    }
    double d = median(driverMs);
    double b = median(bareMs);
    double w = median(watchedMs);
    System.out.printf("converge %d workloads (Deployment + Service each) against the mock API server, %d rounds%n",
        workloads, rounds);
    System.out.printf("driver (deploy all, then observe all with their digests): median %.0f ms%n", d);
    System.out.printf("bare fabric8 create loop of the same objects:            median %.0f ms%n", b);
    System.out.printf("bare loop while the driver's watches are open:          median %.0f ms%n", w);
    System.out.printf("ratio driver / bare: %.2f (goal <= 1.20); driver / bare with watches: %.2f%n", d / b, d / w);
  }

  private static double driver(List<Workload> workloads) throws InterruptedException {
    try (KubernetesStandIn standIn = KubernetesStandIn.start(false)) {
      KubernetesScheduler scheduler = (KubernetesScheduler) new KubernetesSchedulerFactory().create(new DriverConfig(
          "bench", Path.of("."), Optional.of(standIn.url()), standIn.driverSettings()));
      try {
        Map<WorkloadId, String> wanted = new TreeMap<>();
        workloads.forEach(w -> wanted.put(w.id(), w.digest()));
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
          System.out.printf("  driver: deploy loop %.0f ms, then observe until converged %.0f ms%n",
              (deployed - start) / 1e6, (end - deployed) / 1e6);
        }
        return (end - start) / 1e6;
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
  private static double bare(List<Workload> workloads, boolean watched) {
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
        long start = System.nanoTime();
        for (WorkloadRenderer.Rendered r : objects) {
          client.apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).resource(r.deployment())
              .create();
          client.services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).resource(r.service()).create();
        }
        return (System.nanoTime() - start) / 1e6;
      }
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
