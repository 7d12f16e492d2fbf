package io.vamp.driver.elasticsearch.requestlog;

import io.vamp.driver.elasticsearch.metrics.LogIds;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Request-log records as the renderer's HAProxy configuration logs a weighted gateway: each request is
 * one line from the gateway's frontend ({@code ft} = gateway, {@code b} = its {@code .weights} backend,
 * {@code s} = the route's server there) and one from the route's hop frontend ({@code ft} =
 * {@code <route>.hop}, {@code b} = the route, {@code s} = an instance), 1 ms shorter.
 */
public final class SyntheticTraffic {
  private SyntheticTraffic() {}

  /** One route's share of the traffic: requests per second, {@code Tt} in [min, max] ms, every {@code errorEvery}-th a 503. */
  public record RouteLoad(String route, double perSecond, int minMillis, int maxMillis, int errorEvery) {}

  /** What was fed, to compare the metrics with. */
  public record Fed(String route, List<Integer> totals, int errors) {
    public double mean() {
      return totals.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN);
    }

    public double percentile(double p) {
      List<Integer> sorted = totals.stream().sorted().toList();
      int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
      return sorted.get(Math.max(0, index));
    }
  }

  /** Records over {@code [to - window, to)}, spread evenly, in time order; {@code fed} receives what went in. */
  public static List<Map<String, Object>> records(String gateway, List<RouteLoad> loads, Instant to, Duration window,
      List<Fed> fed, long seed) {
    Random random = new Random(seed);
    List<Map<String, Object>> records = new ArrayList<>();
    Instant from = to.minus(window);
    for (RouteLoad load : loads) {
      long count = Math.round(load.perSecond() * window.toMillis() / 1000.0);
      double spacingMillis = window.toMillis() / (double) count;
      List<Integer> totals = new ArrayList<>();
      int errors = 0;
      for (long i = 0; i < count; i++) {
        Instant at = from.plusMillis((long) Math.floor(i * spacingMillis));
        int tt = load.minMillis() + random.nextInt(load.maxMillis() - load.minMillis() + 1);
        boolean error = load.errorEvery() > 0 && i % load.errorEvery() == load.errorEvery() - 1;
        errors += error ? 1 : 0;
        totals.add(tt);
        int status = error ? 503 : 200;
        String backend = LogIds.HAPROXY.backend(gateway, load.route());
        records.add(line(at, LogIds.HAPROXY.frontend(gateway), LogIds.HAPROXY.frontend(gateway) + ".weights",
            LogIds.HAPROXY.server(gateway, load.route()), tt, status));
        records.add(line(at, backend + ".hop", backend, "instance_0__00000000", Math.max(0, tt - 1), status));
      }
      fed.add(new Fed(load.route(), totals, errors));
    }
    records.sort((a, b) -> ((String) a.get("t")).compareTo((String) b.get("t")));
    return records;
  }

  static Map<String, Object> line(Instant at, String frontend, String backend, int tt, int status) {
    return line(at, frontend, backend, "s1", tt, status);
  }

  static Map<String, Object> line(Instant at, String frontend, String backend, String server, int tt, int status) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ci", "127.0.0.1");
    r.put("cp", "40000");
    r.put("t", RequestLogDocuments.HAPROXY_DATE.format(at.atZone(ZoneOffset.UTC)));
    r.put("ft", frontend);
    r.put("b", backend);
    r.put("s", server);
    r.put("Tq", 0);
    r.put("Tw", 0);
    r.put("Tc", 1);
    r.put("Tr", Math.max(0, tt - 2));
    r.put("Tt", tt);
    r.put("ST", status);
    r.put("B", 512);
    r.put("r", "GET /x HTTP/1.1");
    return r;
  }
}
