package io.vamp.driver.haproxy.render;

import static io.vamp.driver.haproxy.render.Fixtures.conditioned;
import static io.vamp.driver.haproxy.render.Fixtures.http;
import static io.vamp.driver.haproxy.render.Fixtures.route;
import static io.vamp.driver.haproxy.render.Fixtures.service;

import io.vamp.model.state.Gateway;
import io.vamp.model.state.RouteTarget;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Prints how long rendering takes for 5,000 route backends (the goal is 200 ms or less). Not a test: run
 * it by hand, e.g. {@code java -cp <test classpath> io.vamp.driver.haproxy.render.RenderBenchmark}.
 * 2,500 gateways with a 90/10 canary each (the second route conditioned on Firefox at 50%), three
 * instances per route, virtual hosts and syslog on: 5,000 route backends, 5,000 hops, 15,000 servers.
 */
public final class RenderBenchmark {

  private RenderBenchmark() {}

  public static void main(String[] args) {
    int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 2500;
    List<Gateway> list = new ArrayList<>();
    Endpoints.Builder endpoints = Endpoints.builder();
    for (int g = 0; g < gateways; g++) {
      RouteTarget.ServicePort stable = service("d" + g + "/c/stable", "web");
      RouteTarget.ServicePort canary = service("d" + g + "/c/canary", "web");
      for (int i = 0; i < 3; i++) {
        endpoints.add(stable, new Endpoint("d" + g + "-stable-" + i, "10.1." + (g % 250) + "." + i, 31000 + i));
        endpoints.add(canary, new Endpoint("d" + g + "-canary-" + i, "10.2." + (g % 250) + "." + i, 32000 + i));
      }
      list.add(Fixtures.gateway("d" + g + "/c/web", 20000 + g, io.vamp.model.artifact.Protocol.HTTP,
          java.util.Optional.empty(), List.of("web.c.d" + g + ".vamp"),
          route("stable", stable, 90), conditioned("canary", canary, 10, "user-agent == Firefox", 50)));
    }
    Endpoints built = endpoints.build();
    RenderSettings settings = RenderSettings.production(Fixtures.RUN);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int rounds = 25;
    long[] wall = new long[rounds];
    long[] cpu = new long[rounds];
    int length = 0;
    for (int r = 0; r < rounds; r++) {
      long cpuStart = threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      length = HaproxyRenderer.render(list, built, settings).length();
      wall[r] = (System.nanoTime() - start) / 1_000_000;
      cpu[r] = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
    }
    // CPU time of the rendering thread is the steadier figure on a shared machine (it leaves out waiting for a
    // core, though not garbage collection on other threads)
    System.out.printf("rendered %d gateways (%d route backends) into %d characters%n", gateways, gateways * 2, length);
    System.out.printf("  first: %d ms wall, %d ms cpu%n", wall[0], cpu[0]);
    System.out.printf("  warm (rounds 11-%d): wall median %d ms, best %d ms; cpu median %d ms, best %d ms%n", rounds,
        median(wall), best(wall), median(cpu), best(cpu));
  }

  private static long median(long[] all) {
    long[] warm = Arrays.copyOfRange(all, 10, all.length);
    Arrays.sort(warm);
    return warm[warm.length / 2];
  }

  private static long best(long[] all) {
    return Arrays.stream(all, 10, all.length).min().orElseThrow();
  }
}
