package io.vamp.bench;

import io.vamp.model.Dsl;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Read + validate + resolve ({@link Dsl#evaluate}) of a generated repository: the median, fastest and
 * slowest of several runs after warm-up, and the heap the work needs. Prints figures; asserts nothing
 * about time.
 */
final class DslBenchmark {
  /** The figures of one benchmark. */
  record Result(int files, long bytes, int services, int gateways, long coldNanos, List<Long> runNanos,
      List<Long> cpuNanos,
      long peakHeapBytes, long liveHeapAfterGcBytes, long retainedBytes, long maxHeapBytes, int processors) {

    long medianNanos() {
      return median(runNanos);
    }

    /** The median CPU time of the evaluating thread: less disturbed than wall time on a busy machine. */
    long medianCpuNanos() {
      return median(cpuNanos);
    }

    private static long median(List<Long> values) {
      List<Long> sorted = new ArrayList<>(values);
      Collections.sort(sorted);
      int n = sorted.size();
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    long minNanos() {
      return Collections.min(runNanos);
    }

    long maxNanos() {
      return Collections.max(runNanos);
    }

    /** The one-line summary, e.g. {@code dsl-bench: 10000 services, 2000 gateways: median 1.23 s (...)}. */
    String summary() {
      long xmxMb = mb(maxHeapBytes);
      String heapVerdict = xmxMb <= 512 ? ", -Xmx" + xmxMb + "m OK" : " (max heap " + xmxMb
          + " MB: run with -Xmx512m to check the 512 MB goal)";
      return String.format(Locale.ROOT, "dsl-bench: %d services, %d gateways: median %.2f s (min %.2f, max %.2f,"
              + " cpu %.2f s, %d runs, %d cpus), peak heap %d MB (live after GC %d MB)%s",
          services, gateways, seconds(medianNanos()), seconds(minNanos()), seconds(maxNanos()),
          seconds(medianCpuNanos()), runNanos.size(), processors, mb(peakHeapBytes), mb(liveHeapAfterGcBytes),
          heapVerdict);
    }
  }

  private DslBenchmark() {}

  static Result run(List<SourceFile> files, ResolveContext context, int expectedServices, int expectedGateways,
      int warmups, int runs) {
    long bytes = files.stream().mapToLong(f -> f.text().length()).sum();
    long coldStart = System.nanoTime();
    Dsl.Evaluation first = Dsl.evaluate(files, context);
    long cold = System.nanoTime() - coldStart;
    check(first, expectedServices, expectedGateways);
    first = null;
    for (int i = 0; i < warmups; i++) {
      Dsl.evaluate(files, context);
    }
    java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
    List<Long> times = new ArrayList<>();
    List<Long> cpu = new ArrayList<>();
    long peak = 0;
    long live = 0;
    long retained = 0;
    try (HeapWatch heap = new HeapWatch()) {
      for (int i = 0; i < runs; i++) {
        long before = HeapWatch.usedAfterFullGc();
        heap.reset();
        long startCpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        Dsl.Evaluation evaluation = Dsl.evaluate(files, context);
        times.add(System.nanoTime() - start);
        cpu.add(threads.getCurrentThreadCpuTime() - startCpu);
        peak = Math.max(peak, heap.peakUsedBytes());
        live = Math.max(live, heap.maxUsedAfterGcBytes());
        retained = Math.max(retained, HeapWatch.usedAfterFullGc() - before);
        if (!evaluation.ok()) {
          throw new IllegalStateException("evaluation changed between runs");
        }
      }
    }
    return new Result(files.size(), bytes, expectedServices, expectedGateways, cold, times, cpu, peak, live,
        retained,
        Runtime.getRuntime().maxMemory(), Runtime.getRuntime().availableProcessors());
  }

  /** The benchmark measures nothing unless the repository evaluates cleanly to the expected state. */
  static void check(Dsl.Evaluation evaluation, int services, int gateways) {
    if (!evaluation.ok()) {
      StringBuilder message = new StringBuilder("the generated repository has " + evaluation.problems().size()
          + " problems, e.g.:");
      evaluation.problems().stream().limit(10).forEach(p -> message.append("\n  ").append(p));
      throw new IllegalStateException(message.toString());
    }
    int workloads = evaluation.state().orElseThrow().workloads().size();
    int gatewayCount = evaluation.state().orElseThrow().gateways().size();
    if (workloads != services || gatewayCount != gateways) {
      throw new IllegalStateException("expected " + services + " services and " + gateways + " gateways, the state has "
          + workloads + " and " + gatewayCount);
    }
  }

  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  static long mb(long bytes) {
    return Math.round(bytes / (1024.0 * 1024.0));
  }
}
