package io.vamp.driver.haproxy.render;

import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Rewrite;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Route;
import io.vamp.model.state.RouteTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders gateways into an HAProxy 2.6 configuration. Pure: the same gateways, endpoints and settings
 * always give the same text, byte for byte (gateways are sorted by name, instances by name; routes
 * keep their declared order, which is the order conditions are tried in).
 *
 * <p>The shape, per gateway (see the module's README for the whole mapping):
 * <pre>
 * frontend GW                      the gateway's port: sticky cookie, then conditions, then the weights
 * backend  GW.weights              roundrobin over one server per route, weight = the route's percent
 * frontend ROUTE.hop               unix socket the weighted server points at (PROXY protocol)
 * backend  ROUTE                   the route: balance, rewrites, instance cookie, health checks, instances
 * backend  GW.vhost                hop from the virtual-hosts frontend into the gateway
 * </pre>
 * A gateway with one route skips the weighted backend and hop: its frontend uses the route directly.
 */
public final class HaproxyRenderer {

  static final String HEALTH_FRONTEND = "vamp_health";
  static final String VIRTUAL_HOSTS_FRONTEND = "vamp_virtual_hosts";
  static final String STICKY_VARIABLE = "txn.vamp_sticky";

  private HaproxyRenderer() {}

  /** The configuration text. */
  public static String render(List<Gateway> gateways, Endpoints endpoints, RenderSettings settings) {
    return plan(gateways, endpoints, settings).text();
  }

  /**
   * The configuration as sections, for callers that also need its runtime-changeable weights.
   *
   * @throws UnsafeInputException on a name, value, address or path that could alter the configuration
   * @throws IllegalArgumentException on gateways that cannot be rendered together (two on one port, a
   *     route to a gateway that is not in the list, stickiness or conditions on a tcp gateway, ...)
   */
  public static HaproxyConfig plan(List<Gateway> gateways, Endpoints endpoints, RenderSettings settings) {
    return new Rendering(gateways, endpoints, settings).run();
  }

  /** The names of one route, computed once: each is a hash of the gateway and route names. */
  private record RouteIds(String backend, String server, String hop, String cookie, String socket) {
    static RouteIds of(String gateway, String route) {
      return new RouteIds(HaproxyIds.route(gateway, route), HaproxyIds.routeServer(gateway, route),
          HaproxyIds.routeHop(gateway, route), HaproxyIds.routeCookie(gateway, route),
          HaproxyIds.routeSocket(gateway, route));
    }

    /** Sticky and conditioned requests go to a route only while it has a server up; else they follow the weights. */
    String available() {
      return "{ nbsrv(" + backend + ") gt 0 }";
    }
  }

  private static final class Rendering {
    private final List<Gateway> gateways;
    private final Map<String, Gateway> byName = new TreeMap<>();
    private final Endpoints endpoints;
    private final RenderSettings settings;
    private final String socketDirectory;
    /** Gateways other proxies reach through their unix socket: targets of routes, and virtual-host gateways. */
    private final Set<String> reachedInternally = new TreeSet<>();
    private final Set<String> proxyNames = new HashSet<>();
    private final HaproxyConfig.Builder config = new HaproxyConfig.Builder();

    Rendering(List<Gateway> gateways, Endpoints endpoints, RenderSettings settings) {
      this.gateways = gateways.stream().sorted(Comparator.comparing(Gateway::name)).toList();
      this.endpoints = endpoints;
      this.settings = settings;
      this.socketDirectory = Safety.filePath("socket directory", settings.socketDirectory());
    }

    HaproxyConfig run() {
      check();
      config.add(global());
      config.add(defaults());
      settings.healthPort().ifPresent(port -> config.add(section("frontend " + HEALTH_FRONTEND, List.of(
          "bind " + bind(port), "mode http", "monitor-uri /health"), List.of())));
      virtualHostsFrontend().ifPresent(config::add);
      for (Gateway gateway : gateways) {
        gateway(gateway);
      }
      return config.build();
    }

    private void check() {
      Map<Integer, String> ports = new TreeMap<>();
      settings.healthPort().ifPresent(p -> ports.put(p, "the health frontend"));
      settings.virtualHostsPort().ifPresent(p -> ports.put(p, "the virtual-hosts frontend"));
      for (Gateway gateway : gateways) {
        Safety.name("gateway name", gateway.name());
        if (byName.put(gateway.name(), gateway) != null) {
          throw new IllegalArgumentException("gateway '" + gateway.name() + "' is listed twice");
        }
        String other = ports.putIfAbsent(gateway.port(), "gateway '" + gateway.name() + "'");
        if (other != null) {
          throw new IllegalArgumentException("gateway '" + gateway.name() + "' and " + other + " both use port "
              + gateway.port());
        }
        Set<String> routeNames = new HashSet<>();
        for (Route route : gateway.routes()) {
          Safety.name("route name", route.name());
          if (!routeNames.add(route.name())) {
            throw new IllegalArgumentException("gateway '" + gateway.name() + "' has route '" + route.name()
                + "' twice");
          }
          route.rewrites().forEach(r -> {
            Safety.rewritePath(r.path());
            Safety.rewriteCondition(r.condition());
          });
        }
        if (gateway.protocol() == Protocol.TCP) {
          checkTcp(gateway);
        }
        gateway.virtualHosts().forEach(Safety::virtualHost);
      }
      for (Gateway gateway : gateways) {
        for (Route route : gateway.routes()) {
          if (route.target() instanceof RouteTarget.GatewayPort target) {
            Safety.name("gateway name", target.gateway());
            if (!byName.containsKey(target.gateway())) {
              throw new IllegalArgumentException("route '" + route.name() + "' of gateway '" + gateway.name()
                  + "' goes to gateway '" + target.gateway() + "', which is not rendered with it");
            }
            if (target.gateway().equals(gateway.name())) {
              throw new IllegalArgumentException("route '" + route.name() + "' of gateway '" + gateway.name()
                  + "' goes to its own gateway");
            }
            reachedInternally.add(target.gateway());
          } else if (route.target() instanceof RouteTarget.External external) {
            Safety.host("external host", external.host());
            Safety.port("external port", external.port());
          }
        }
        if (servesVirtualHosts(gateway)) {
          reachedInternally.add(gateway.name());
        }
      }
    }

    private static void checkTcp(Gateway gateway) {
      if (gateway.sticky().isPresent()) {
        throw new IllegalArgumentException("gateway '" + gateway.name() + "' is tcp: stickiness needs http");
      }
      for (Route route : gateway.routes()) {
        if (route.condition().isPresent() && route.conditionStrength() > 0) {
          throw new IllegalArgumentException("gateway '" + gateway.name() + "' is tcp: conditions need http");
        }
        if (!route.rewrites().isEmpty()) {
          throw new IllegalArgumentException("gateway '" + gateway.name() + "' is tcp: rewrites need http");
        }
      }
    }

    private boolean servesVirtualHosts(Gateway gateway) {
      // the Host header exists in http only; tcp gateways' virtual hosts are not served
      return settings.virtualHostsPort().isPresent() && gateway.protocol() == Protocol.HTTP
          && !gateway.virtualHosts().isEmpty();
    }

    private HaproxyConfig.Section global() {
      List<String> lines = new ArrayList<>();
      lines.add("stats socket " + Safety.filePath("stats socket", settings.statsSocket())
          + " mode 600 level admin expose-fd listeners");
      lines.add("stats timeout 30s");
      lines.add("server-state-file " + Safety.filePath("server state file", settings.serverStateFile()));
      lines.add("hard-stop-after " + time(settings.hardStopAfter()));
      settings.syslog().ifPresent(s -> lines.add("log " + s.address() + " len 65535 format " + s.format().haproxy()
          + " local1 notice"));
      return section("global", lines, List.of());
    }

    private HaproxyConfig.Section defaults() {
      RenderSettings.Timeouts t = settings.timeouts();
      List<String> lines = new ArrayList<>();
      lines.add("mode http");
      settings.syslog().ifPresent(s -> {
        lines.add("log " + s.address() + " len 65535 format " + s.format().haproxy() + " local0 info");
        lines.add(LogFormats.directive(LogFormats.HTTP));
      });
      lines.add("option dontlognull");
      lines.add("option redispatch");
      lines.add("retries " + settings.retries());
      lines.add("load-server-state-from-file global");
      lines.add("timeout connect " + time(t.connect()));
      lines.add("timeout client " + time(t.client()));
      lines.add("timeout server " + time(t.server()));
      lines.add("timeout http-request " + time(t.httpRequest()));
      lines.add("timeout http-keep-alive " + time(t.httpKeepAlive()));
      lines.add("timeout queue " + time(t.queue()));
      lines.add("timeout tunnel " + time(t.tunnel()));
      lines.add("timeout check " + time(t.check()));
      return section("defaults", lines, List.of());
    }

    /**
     * One frontend for all virtual hosts: exact names first, then wildcards from the longest suffix, so
     * {@code a.example.com} wins over {@code *.example.com}, which wins over {@code *.com}.
     */
    private Optional<HaproxyConfig.Section> virtualHostsFrontend() {
      if (settings.virtualHostsPort().isEmpty()) {
        return Optional.empty();
      }
      List<String> exact = new ArrayList<>();
      TreeMap<String, String> wildcards = new TreeMap<>(Comparator.comparingInt(String::length).reversed()
          .thenComparing(Comparator.naturalOrder()));
      Map<String, String> owners = new TreeMap<>();
      for (Gateway gateway : gateways) {
        if (!servesVirtualHosts(gateway)) {
          continue;
        }
        List<String> names = new ArrayList<>();
        for (String host : gateway.virtualHosts()) {
          String key = host.toLowerCase(java.util.Locale.ROOT);
          String first = owners.putIfAbsent(key, gateway.name());
          if (first != null) {
            throw new IllegalArgumentException("virtual host '" + host + "' is used by gateway '" + first
                + "' and by '" + gateway.name() + "'");
          }
          if (host.startsWith("*.")) {
            wildcards.put(host.substring(1), gateway.name());
          } else {
            names.add(ConditionAcls.quote(host));
          }
        }
        if (!names.isEmpty()) {
          exact.add("use_backend " + HaproxyIds.virtualHostBackend(gateway.name()) + " if { req.hdr(host),field(1,:)"
              + " -i -- " + String.join(" ", names) + " }");
        }
      }
      if (exact.isEmpty() && wildcards.isEmpty()) {
        return Optional.empty();
      }
      List<String> lines = new ArrayList<>();
      lines.add("bind " + bind(settings.virtualHostsPort().getAsInt()));
      lines.add("mode http");
      lines.addAll(exact);
      wildcards.forEach((suffix, gateway) -> lines.add("use_backend " + HaproxyIds.virtualHostBackend(gateway)
          + " if { req.hdr(host),field(1,:) -i -m end -- " + ConditionAcls.quote(suffix) + " }"));
      return Optional.of(section("frontend " + VIRTUAL_HOSTS_FRONTEND, lines, List.of()));
    }

    private void gateway(Gateway gateway) {
      String name = gateway.name();
      boolean http = gateway.protocol() == Protocol.HTTP;
      boolean weighted = gateway.routes().size() > 1;
      List<RouteIds> ids = gateway.routes().stream().map(r -> RouteIds.of(name, r.name())).toList();
      List<String> lines = new ArrayList<>();
      lines.add("bind " + bind(gateway.port()));
      if (reachedInternally.contains(name)) {
        lines.add("bind unix@" + socket(HaproxyIds.gatewaySocket(name)) + " mode 600 accept-proxy");
      }
      lines.add("mode " + (http ? "http" : "tcp"));
      if (!http && settings.syslog().isPresent()) {
        lines.add(LogFormats.directive(LogFormats.TCP));
      }
      Optional<Sticky> sticky = gateway.sticky();
      if (sticky.isPresent()) {
        lines.add("http-request set-var(" + STICKY_VARIABLE + ") req.cook(" + HaproxyIds.stickyCookie(name)
            + "),field(1,.)");
      }
      List<String> acls = new ArrayList<>();
      List<String> rules = new ArrayList<>();
      List<String> conditioned = new ArrayList<>();
      for (int i = 0; i < gateway.routes().size(); i++) {
        Route route = gateway.routes().get(i);
        if (route.condition().isEmpty() || route.conditionStrength() == 0) {
          continue;
        }
        ConditionAcls.Compiled compiled = ConditionAcls.compile(route.condition().get(), "vamp_c" + i);
        if (compiled.match().isEmpty()) {
          continue;
        }
        acls.addAll(compiled.acls());
        rules.addAll(compiled.rules());
        List<String> parts = new ArrayList<>();
        if (!compiled.match().get().isEmpty()) {
          parts.add(compiled.match().get());
        }
        if (route.conditionStrength() < 100) {
          parts.add("{ rand(100) lt " + route.conditionStrength() + " }");
        }
        parts.add(ids.get(i).available());
        conditioned.add("use_backend " + ids.get(i).backend() + " if " + String.join(" ", parts));
      }
      lines.addAll(acls);
      lines.addAll(rules);
      if (sticky.isPresent()) {
        for (RouteIds route : ids) {
          lines.add("use_backend " + route.backend() + " if { var(" + STICKY_VARIABLE + ") -m str " + route.cookie()
              + " } " + route.available());
        }
      }
      lines.addAll(conditioned);
      if (weighted) {
        lines.add("default_backend " + HaproxyIds.weights(name));
      } else if (gateway.routes().size() == 1 && gateway.routes().get(0).weight() > 0) {
        lines.add("default_backend " + ids.get(0).backend());
      }
      config.add(section("frontend " + HaproxyIds.gateway(name), lines, List.of()));

      if (weighted) {
        List<HaproxyConfig.Server> servers = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
          servers.add(new HaproxyConfig.Server(ids.get(i).server(), "unix@" + socket(ids.get(i).socket()),
              OptionalInt.of(gateway.routes().get(i).weight()), "send-proxy-v2"));
        }
        config.add(section("backend " + HaproxyIds.weights(name), List.of("mode " + mode(gateway),
            "balance roundrobin"), servers));
      }
      for (int i = 0; i < ids.size(); i++) {
        RouteIds route = ids.get(i);
        if (weighted) {
          List<String> hop = new ArrayList<>();
          hop.add("bind unix@" + socket(route.socket()) + " mode 600 accept-proxy");
          hop.add("mode " + mode(gateway));
          if (!http && settings.syslog().isPresent()) {
            hop.add(LogFormats.directive(LogFormats.TCP));
          }
          hop.add("default_backend " + route.backend());
          config.add(section("frontend " + route.hop(), hop, List.of()));
        }
        config.add(routeBackend(gateway, gateway.routes().get(i), route));
      }
      if (servesVirtualHosts(gateway)) {
        config.add(section("backend " + HaproxyIds.virtualHostBackend(name), List.of("mode http"), List.of(
            new HaproxyConfig.Server(HaproxyIds.gateway(name), "unix@" + socket(HaproxyIds.gatewaySocket(name)),
                OptionalInt.empty(), "send-proxy-v2"))));
      }
    }

    private HaproxyConfig.Section routeBackend(Gateway gateway, Route route, RouteIds ids) {
      String name = gateway.name();
      boolean http = gateway.protocol() == Protocol.HTTP;
      String cookie = ids.cookie();
      Optional<Sticky> sticky = gateway.sticky();
      String stickyCookie = HaproxyIds.stickyCookie(name);
      List<String> lines = new ArrayList<>();
      lines.add("mode " + mode(gateway));
      lines.add("balance " + balance(gateway, route));
      // once per request: a gateway reached through another one already carries the header
      if (http && !(route.target() instanceof RouteTarget.GatewayPort)) {
        lines.add("option forwardfor");
      }
      for (Rewrite rewrite : route.rewrites()) {
        lines.add("http-request set-path " + Safety.rewritePath(rewrite.path()) + " if "
            + Safety.rewriteCondition(rewrite.condition()));
      }
      if (sticky.equals(Optional.of(Sticky.ROUTE))) {
        String unlessSticky = " if !{ var(" + STICKY_VARIABLE + ") -m str " + cookie + " }";
        lines.add("http-response add-header Set-Cookie '" + stickyCookie + "=" + cookie
            + "; Path=/'" + unlessSticky);
        lines.add("http-response add-header Cache-Control private" + unlessSticky);
      } else if (sticky.equals(Optional.of(Sticky.INSTANCE))) {
        lines.add("cookie " + stickyCookie + " insert indirect nocache");
      }
      List<HaproxyConfig.Server> servers = new ArrayList<>();
      boolean instanceSticky = sticky.equals(Optional.of(Sticky.INSTANCE));
      if (route.target() instanceof RouteTarget.ServicePort port) {
        Endpoints.Target target = endpoints.target(port);
        Optional<HealthCheck> check = target.healthCheck();
        check.ifPresent(c -> {
          lines.add("option httpchk");
          lines.add("http-check send meth GET uri " + Safety.healthCheckPath(c.path()));
          lines.add("http-check expect status 200-399");
          lines.add("timeout check " + time(c.timeout()));
        });
        for (Endpoint endpoint : target.endpoints()) {
          List<String> options = new ArrayList<>();
          if (instanceSticky) {
            options.add("cookie " + cookie + "." + HaproxyIds.hash(endpoint.instance()));
          }
          options.addAll(checkOptions(check, endpoint.checkPort()));
          servers.add(new HaproxyConfig.Server(HaproxyIds.instanceServer(endpoint.instance()),
              address(endpoint.host(), endpoint.port()), OptionalInt.empty(), String.join(" ", options)));
        }
      } else if (route.target() instanceof RouteTarget.Selected selected) {
        // a selector gateway's route: the selected instances of every member port, each once; the health
        // check of the first member port that has one
        Optional<HealthCheck> check = selected.members().stream()
            .map(m -> endpoints.target(m.servicePort()).healthCheck()).flatMap(Optional::stream).findFirst();
        check.ifPresent(c -> {
          lines.add("option httpchk");
          lines.add("http-check send meth GET uri " + Safety.healthCheckPath(c.path()));
          lines.add("http-check expect status 200-399");
          lines.add("timeout check " + time(c.timeout()));
        });
        // keyed by workload too: two workloads may each have an instance of the same name at the same port
        java.util.SortedMap<String, Map.Entry<String, Endpoint>> chosen = new java.util.TreeMap<>();
        for (RouteTarget.Selected.Member member : selected.members()) {
          String workload = member.workload().toString();
          for (Endpoint endpoint : endpoints.target(member.servicePort()).endpoints()) {
            if (member.instance().map(i -> i.equals(endpoint.instance())).orElse(true)) {
              chosen.putIfAbsent(workload + "/" + endpoint.instance() + "@" + endpoint.host() + ":" + endpoint.port(),
                  Map.entry(workload, endpoint));
            }
          }
        }
        for (Map.Entry<String, Endpoint> entry : chosen.values()) {
          Endpoint endpoint = entry.getValue();
          String server = HaproxyIds.selectedServer(entry.getKey(), endpoint.instance(), endpoint.port());
          List<String> options = new ArrayList<>();
          if (instanceSticky) {
            options.add("cookie " + cookie + "." + HaproxyIds.hash(server));
          }
          options.addAll(checkOptions(check, endpoint.checkPort()));
          servers.add(new HaproxyConfig.Server(server, address(endpoint.host(), endpoint.port()), OptionalInt.empty(),
              String.join(" ", options)));
        }
      } else if (route.target() instanceof RouteTarget.GatewayPort other) {
        List<String> options = new ArrayList<>();
        options.add("send-proxy-v2");
        if (instanceSticky) {
          options.add("cookie " + cookie + "." + HaproxyIds.hash("gateway:" + other.gateway()));
        }
        servers.add(new HaproxyConfig.Server(HaproxyIds.gateway(other.gateway()),
            "unix@" + socket(HaproxyIds.gatewaySocket(other.gateway())), OptionalInt.empty(),
            String.join(" ", options)));
      } else if (route.target() instanceof RouteTarget.External external) {
        String hostPort = external.host() + ":" + external.port();
        List<String> options = new ArrayList<>();
        if (instanceSticky) {
          options.add("cookie " + cookie + "." + HaproxyIds.hash(hostPort));
        }
        // a DNS name is resolved when HAProxy starts; one that does not resolve leaves the server down
        options.add("init-addr last,libc,none");
        options.addAll(checkOptions(Optional.empty(), OptionalInt.empty()));
        servers.add(new HaproxyConfig.Server(HaproxyIds.instanceServer(hostPort),
            address(external.host(), external.port()), OptionalInt.empty(), String.join(" ", options)));
      }
      return section("backend " + ids.backend(), lines, servers);
    }

    private List<String> checkOptions(Optional<HealthCheck> check, OptionalInt checkPort) {
      List<String> options = new ArrayList<>();
      if (check.isPresent()) {
        HealthCheck c = check.get();
        options.add("check");
        checkPort.ifPresent(p -> options.add("port " + p));
        options.add("inter " + time(c.interval()));
        options.add("fall " + Math.max(1, c.failures()));
        options.add("rise " + settings.defaultCheck().map(RenderSettings.DefaultCheck::rise).orElse(2));
        if (c.protocol().equalsIgnoreCase("HTTPS")) {
          options.add("check-ssl verify none");
        }
      } else if (settings.defaultCheck().isPresent()) {
        RenderSettings.DefaultCheck d = settings.defaultCheck().get();
        options.add("check inter " + time(d.interval()) + " fall " + d.fall() + " rise " + d.rise());
      }
      return options;
    }

    private static String balance(Gateway gateway, Route route) {
      // HAProxy hashes the URI in http mode only; it would fall back to round robin with a warning
      if (gateway.protocol() == Protocol.TCP && route.balance() == Balance.URI) {
        return Balance.ROUNDROBIN.dsl();
      }
      return route.balance().dsl();
    }

    private static String mode(Gateway gateway) {
      return gateway.protocol() == Protocol.HTTP ? "http" : "tcp";
    }

    private String bind(int port) {
      return address(settings.bindAddress(), port);
    }

    private String socket(String fileName) {
      return socketDirectory + "/" + fileName;
    }

    private HaproxyConfig.Section section(String heading, List<String> lines, List<HaproxyConfig.Server> servers) {
      int space = heading.indexOf(' ');
      if (space > 0 && !proxyNames.add(heading.substring(space + 1))) {
        throw new IllegalArgumentException("two proxies would be named '" + heading.substring(space + 1)
            + "': rename a gateway or route");
      }
      Set<String> serverNames = new HashSet<>();
      for (HaproxyConfig.Server server : servers) {
        if (!serverNames.add(server.name())) {
          throw new IllegalArgumentException("two servers of " + heading + " would be named '" + server.name() + "'");
        }
      }
      return new HaproxyConfig.Section(heading, lines, servers);
    }
  }

  static String address(String host, int port) {
    return (host.indexOf(':') >= 0 ? "ipv6@" : "") + host + ":" + port;
  }

  /** HAProxy's time format: the largest unit that keeps the value whole. */
  static String time(Duration duration) {
    long ms = Math.max(1, duration.toMillis());
    if (ms % 3_600_000 == 0) {
      return ms / 3_600_000 + "h";
    }
    if (ms % 60_000 == 0) {
      return ms / 60_000 + "m";
    }
    if (ms % 1000 == 0) {
      return ms / 1000 + "s";
    }
    return ms + "ms";
  }
}
