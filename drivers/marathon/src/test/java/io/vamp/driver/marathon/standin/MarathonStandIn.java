package io.vamp.driver.marathon.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.vamp.driver.marathon.MarathonSchedulerFactory;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.scheduler.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A Marathon stand-in for tests (no Marathon, Mesos or DC/OS can run here): an in-process HTTP server on
 * 127.0.0.1 that keeps apps, tasks and deployments and speaks the documented REST API v2 parts the driver
 * uses, as Marathon 1.5+ does:
 *
 * <ul>
 *   <li>{@code GET /v2/apps} (filters {@code id} "contains" and {@code label} with {@code ==} and
 *       existence selectors, comma = and; {@code embed=apps.tasks|apps.deployments|apps.counts}),
 *       {@code POST /v2/apps}, {@code GET|PUT|DELETE /v2/apps/{id}} (PUT creates or partially updates:
 *       given top-level fields replace; a change of anything but {@code instances} restarts the tasks,
 *       changing only {@code instances} scales; a deployment in flight locks the app (409) unless
 *       {@code force=true}), {@code GET /v2/apps/{id}/tasks}, {@code GET /v2/tasks},
 *       {@code GET /v2/deployments}.
 *   <li>Validation (422): app id segments, unknown top-level fields, cmd with args, docker without image,
 *       health check port index.
 *   <li>What Marathon adds to a stored app: defaults ({@code backoffSeconds}, {@code upgradeStrategy},
 *       ...), {@code servicePort}s, service ports for {@code portDefinitions} given as 0,
 *       {@code delaySeconds} on health checks, {@code version} and {@code versionInfo}.
 *   <li>Simulated cluster: a task is staged, running after {@link #taskStartDelay}, and then healthy
 *       ({@code healthCheckResults} alive for each check) unless {@link #neverHealthy}; a deployment starts
 *       the new version's tasks, kills the old ones once all new ones are healthy, then ends (like
 *       {@code minimumHealthCapacity} 1). Host ports are made up, hosts are {@code agent-N.stand-in}.
 *   <li>DC/OS: with {@link #requireToken} or {@link #serviceAccount}, every {@code /v2} request needs
 *       {@code Authorization: token=...}; {@code POST /acs/api/v1/auth/login} checks an RS256 service
 *       login token (signature, uid, exp) and issues a token; {@link #expireTokens} invalidates them.
 *   <li>TLS with {@link #startTls}.
 * </ul>
 *
 * <p>Not simulated: pods, groups API, readiness checks, health check failures after success, task
 * failures and restarts, offers and resources, the event stream.
 */
public final class MarathonStandIn implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern SEGMENT =
      Pattern.compile("^(([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])\\.)*([a-z0-9]|[a-z0-9][a-z0-9\\-]*[a-z0-9])$");
  private static final Set<String> APP_FIELDS = Set.of("id", "cmd", "args", "user", "env", "instances", "cpus",
      "mem", "disk", "gpus", "executor", "constraints", "fetch", "storeUrls", "backoffSeconds", "backoffFactor",
      "maxLaunchDelaySeconds", "container", "healthChecks", "readinessChecks", "dependencies", "upgradeStrategy",
      "labels", "acceptedResourceRoles", "residency", "secrets", "taskKillGracePeriodSeconds", "portDefinitions",
      "requirePorts", "networks", "unreachableStrategy", "killSelection", "version", "uris", "ports");

  private final HttpServer server;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService cluster = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "marathon-stand-in");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, App> apps = new TreeMap<>();
  private final AtomicInteger counter = new AtomicInteger();
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger logins = new AtomicInteger();
  private final Set<String> tokens = new HashSet<>();
  private volatile Duration taskStartDelay = Duration.ofMillis(50);
  private volatile Predicate<String> neverHealthy = id -> false;
  private volatile String staticToken;
  private volatile String serviceUid;
  private volatile PublicKey serviceKey;

  private static final class App {
    ObjectNode definition;
    Instant version;
    Instant lastConfigChangeAt;
    Instant lastScalingAt;
    String deploymentId;
    String deploymentAction;
    final List<Task> tasks = new ArrayList<>();
  }

  private static final class Task {
    String id;
    String host;
    List<Integer> ports;
    Instant version;
    String state;
    Instant stagedAt;
    Instant startedAt;
    boolean healthy;
  }

  private MarathonStandIn(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "marathon-stand-in-http");
      t.setDaemon(true);
      return t;
    }));
    server.start();
    cluster.scheduleWithFixedDelay(this::tick, 10, 10, TimeUnit.MILLISECONDS);
  }

  /** Plain HTTP on a free loopback port. */
  public static MarathonStandIn start() {
    try {
      return new MarathonStandIn(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HTTPS on a free loopback port, with the given server certificate and key. */
  public static MarathonStandIn startTls(SSLContext context) {
    try {
      HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(context));
      return new MarathonStandIn(https);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public URI url() {
    return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:"
        + server.getAddress().getPort());
  }

  public MarathonStandIn taskStartDelay(Duration delay) {
    this.taskStartDelay = delay;
    return this;
  }

  /** Tasks of matching apps run but never pass their health checks. */
  public MarathonStandIn neverHealthy(Predicate<String> appIds) {
    this.neverHealthy = appIds;
    return this;
  }

  /** Requires {@code Authorization: token=<token>} on every {@code /v2} request. */
  public MarathonStandIn requireToken(String token) {
    this.staticToken = token;
    return this;
  }

  /** Requires authentication and accepts service logins of {@code uid} signed by the key's private half. */
  public MarathonStandIn serviceAccount(String uid, PublicKey key) {
    this.serviceUid = uid;
    this.serviceKey = key;
    return this;
  }

  /** Every token issued by a login becomes invalid (the next request is answered 401). */
  public synchronized void expireTokens() {
    tokens.clear();
  }

  public int logins() {
    return logins.get();
  }

  public int requests() {
    return requests.get();
  }

  /** The app as {@code GET /v2/apps/{id}} would answer, or empty. */
  public synchronized Optional<JsonNode> app(String id) {
    App app = apps.get(id);
    return app == null ? Optional.empty() : Optional.of(render(app, true, true));
  }

  /** Ids of every app. */
  public synchronized List<String> appIds() {
    return List.copyOf(apps.keySet());
  }

  /** A hand edit, as if someone changed the app in the Marathon UI: a new version, tasks restarted or scaled. */
  public synchronized void edit(String id, Consumer<ObjectNode> edit) {
    App app = apps.get(id);
    ObjectNode changed = app.definition.deepCopy();
    edit.accept(changed);
    update(app, changed);
  }

  /** The driver settings ({@code scheduler.settings.*}) for this stand-in. */
  public Map<String, String> driverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("request-timeout", "10s");
    return settings;
  }

  /** The daemon's settings that select the Marathon driver against this stand-in ({@code vamp run}). */
  public Map<String, String> vampRunSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("scheduler.driver", MarathonSchedulerFactory.NAME);
    settings.put("scheduler.uri", url().toString());
    driverSettings().forEach((k, v) -> settings.put("scheduler.settings." + k, v));
    return settings;
  }

  public DriverConfig driverConfig(String namespace, Path dataDirectory, Map<String, String> extra) {
    Map<String, String> settings = new LinkedHashMap<>(driverSettings());
    settings.putAll(extra);
    return new DriverConfig(namespace, dataDirectory, Optional.of(url()), settings);
  }

  /** The driver for a Vamp namespace, made by its factory. */
  public Scheduler scheduler(String namespace, Path dataDirectory) {
    return new MarathonSchedulerFactory().create(driverConfig(namespace, dataDirectory, Map.of()));
  }

  @Override
  public void close() {
    cluster.shutdownNow();
    server.stop(0);
  }

  // ------------------------------------------------------------------ HTTP

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    try (exchange) {
      String method = exchange.getRequestMethod();
      String path = exchange.getRequestURI().getRawPath();
      Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
      byte[] body = exchange.getRequestBody().readAllBytes();
      if (path.equals("/acs/api/v1/auth/login") && method.equals("POST")) {
        reply(exchange, login(body));
        return;
      }
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        reply(exchange, new Reply(401, message("Unauthorized: the request lacks a valid authentication token")));
        return;
      }
      reply(exchange, route(method, path, query, body));
    } catch (IllegalArgumentException e) {
      reply(exchange, new Reply(400, message("Invalid JSON: " + e.getMessage())));
    } catch (RuntimeException e) {
      reply(exchange, new Reply(500, message(String.valueOf(e))));
    }
  }

  private record Reply(int status, JsonNode body) {}

  private synchronized Reply route(String method, String path, Map<String, List<String>> query, byte[] body) {
    boolean force = query.getOrDefault("force", List.of()).contains("true");
    if (path.equals("/v2/apps")) {
      return switch (method) {
        case "GET" -> listApps(query);
        case "POST" -> create(parse(body));
        default -> new Reply(405, message("method not allowed"));
      };
    }
    if (path.equals("/v2/tasks") && method.equals("GET")) {
      ObjectNode out = MAPPER.createObjectNode();
      ArrayNode tasks = out.putArray("tasks");
      apps.values().forEach(a -> a.tasks.forEach(t -> tasks.add(task(a, t))));
      return new Reply(200, out);
    }
    if (path.equals("/v2/deployments") && method.equals("GET")) {
      ArrayNode out = MAPPER.createArrayNode();
      apps.values().stream().filter(a -> a.deploymentId != null).forEach(a -> out.add(deployment(a)));
      return new Reply(200, out);
    }
    if (path.startsWith("/v2/apps/")) {
      String rest = path.substring("/v2/apps".length());
      boolean tasks = rest.endsWith("/tasks");
      String id = tasks ? rest.substring(0, rest.length() - "/tasks".length()) : rest;
      App app = apps.get(id);
      if (tasks && method.equals("GET")) {
        if (app == null) {
          return new Reply(404, message("App '" + id + "' does not exist"));
        }
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode list = out.putArray("tasks");
        app.tasks.forEach(t -> list.add(task(app, t)));
        return new Reply(200, out);
      }
      switch (method) {
        case "GET": {
          if (app == null) {
            return new Reply(404, message("App '" + id + "' does not exist"));
          }
          List<String> embed = query.getOrDefault("embed", List.of());
          ObjectNode out = MAPPER.createObjectNode();
          out.set("app", render(app, embed.contains("app.tasks"), embed.contains("app.deployments")
              || embed.contains("app.tasks")));
          return new Reply(200, out);
        }
        case "PUT": {
          ObjectNode definition = parse(body);
          if (definition.has("id") && !definition.get("id").asText().equals(id)) {
            return new Reply(422, message("the id in the body is not the id in the path"));
          }
          definition.put("id", id);
          if (app == null) {
            return create(definition);
          }
          if (app.deploymentId != null && !force) {
            return locked(app);
          }
          ObjectNode merged = app.definition.deepCopy();
          definition.fields().forEachRemaining(e -> merged.set(e.getKey(), e.getValue()));
          Optional<String> invalid = validate(merged);
          if (invalid.isPresent()) {
            return new Reply(422, invalidBody(invalid.get()));
          }
          update(app, merged);
          ObjectNode out = MAPPER.createObjectNode().put("version", app.version.toString())
              .put("deploymentId", app.deploymentId == null ? "" : app.deploymentId);
          return new Reply(200, out);
        }
        case "DELETE": {
          if (app == null) {
            return new Reply(404, message("App '" + id + "' does not exist"));
          }
          if (app.deploymentId != null && !force) {
            return locked(app);
          }
          apps.remove(id);
          return new Reply(200, MAPPER.createObjectNode().put("version", clock.instant().toString())
              .put("deploymentId", UUID.randomUUID().toString()));
        }
        default:
          return new Reply(405, message("method not allowed"));
      }
    }
    return new Reply(404, message("not found: " + path));
  }

  private Reply listApps(Map<String, List<String>> query) {
    String idFilter = query.getOrDefault("id", List.of("")).get(0);
    String selector = query.getOrDefault("label", List.of("")).get(0);
    List<String> embed = query.getOrDefault("embed", List.of());
    ObjectNode out = MAPPER.createObjectNode();
    ArrayNode list = out.putArray("apps");
    for (App app : apps.values()) {
      if (app.definition.get("id").asText().contains(idFilter) && matches(selector, app.definition.path("labels"))) {
        list.add(render(app, embed.contains("apps.tasks"), embed.contains("apps.deployments")
            || embed.contains("apps.tasks")));
      }
    }
    return new Reply(200, out);
  }

  private Reply create(ObjectNode definition) {
    String id = definition.path("id").asText("");
    if (!id.startsWith("/")) {
      id = "/" + id;
      definition.put("id", id);
    }
    if (apps.containsKey(id)) {
      return new Reply(409, message("An app with id [" + id + "] already exists."));
    }
    Optional<String> invalid = validate(definition);
    if (invalid.isPresent()) {
      return new Reply(422, invalidBody(invalid.get()));
    }
    App app = new App();
    Instant now = clock.instant();
    app.definition = withDefaults(definition);
    app.version = now;
    app.lastConfigChangeAt = now;
    app.lastScalingAt = now;
    app.deploymentId = UUID.randomUUID().toString();
    app.deploymentAction = "StartApplication";
    apps.put(id, app);
    return new Reply(201, render(app, false, true));
  }

  private void update(App app, ObjectNode merged) {
    ObjectNode before = app.definition.deepCopy();
    ObjectNode after = withDefaults(merged);
    ObjectNode a = before.deepCopy();
    ObjectNode b = after.deepCopy();
    a.remove("instances");
    b.remove("instances");
    Instant now = clock.instant();
    app.definition = after;
    app.version = now;
    if (!a.equals(b)) {
      app.lastConfigChangeAt = now;
      app.deploymentAction = "RestartApplication";
    } else {
      app.deploymentAction = "ScaleApplication";
    }
    app.lastScalingAt = now;
    app.deploymentId = UUID.randomUUID().toString();
  }

  private Reply locked(App app) {
    ObjectNode body = message("App is locked by one or more deployments. Override with the option '?force=true'."
        + " View details at '/v2/deployments/<DEPLOYMENT_ID>'.");
    body.putArray("deployments").addObject().put("id", app.deploymentId);
    return new Reply(409, body);
  }

  // ------------------------------------------------------------------ what Marathon stores and shows

  private Optional<String> validate(ObjectNode app) {
    String id = app.path("id").asText("");
    for (String segment : id.substring(1).split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches()) {
        return Optional.of("/id: '" + id + "' is not a valid app id");
      }
    }
    for (Iterator<String> it = app.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!APP_FIELDS.contains(field)) {
        return Optional.of("/" + field + ": unknown field");
      }
    }
    if (app.hasNonNull("cmd") && app.path("args").size() > 0) {
      return Optional.of("/: cmd and args are mutually exclusive");
    }
    if (app.path("instances").asInt(0) < 0) {
      return Optional.of("/instances: must not be negative");
    }
    JsonNode container = app.path("container");
    if (container.path("type").asText("").equals("DOCKER") && container.path("docker").path("image").asText("")
        .isEmpty()) {
      return Optional.of("/container/docker/image: required");
    }
    int ports = Math.max(container.path("portMappings").size(), app.path("portDefinitions").size());
    for (JsonNode check : app.path("healthChecks")) {
      if (check.path("portIndex").asInt(0) >= ports) {
        return Optional.of("/healthChecks: portIndex " + check.path("portIndex") + " is out of range");
      }
    }
    return Optional.empty();
  }

  private ObjectNode withDefaults(ObjectNode definition) {
    ObjectNode app = definition.deepCopy();
    app.putIfAbsent("instances", MAPPER.getNodeFactory().numberNode(1));
    app.putIfAbsent("cpus", MAPPER.getNodeFactory().numberNode(1.0));
    app.putIfAbsent("mem", MAPPER.getNodeFactory().numberNode(128.0));
    app.putIfAbsent("disk", MAPPER.getNodeFactory().numberNode(0));
    app.putIfAbsent("gpus", MAPPER.getNodeFactory().numberNode(0));
    app.putIfAbsent("backoffSeconds", MAPPER.getNodeFactory().numberNode(1));
    app.putIfAbsent("backoffFactor", MAPPER.getNodeFactory().numberNode(1.15));
    app.putIfAbsent("maxLaunchDelaySeconds", MAPPER.getNodeFactory().numberNode(3600));
    app.putIfAbsent("executor", MAPPER.getNodeFactory().textNode(""));
    app.putIfAbsent("requirePorts", MAPPER.getNodeFactory().booleanNode(false));
    app.putIfAbsent("killSelection", MAPPER.getNodeFactory().textNode("YOUNGEST_FIRST"));
    if (!app.has("upgradeStrategy")) {
      app.putObject("upgradeStrategy").put("minimumHealthCapacity", 1).put("maximumOverCapacity", 1);
    }
    if (!app.has("labels")) {
      app.putObject("labels");
    }
    int[] servicePort = {10000 + (Math.abs(app.path("id").asText().hashCode()) % 500) * 10};
    app.path("container").path("portMappings").forEach(m -> {
      ObjectNode mapping = (ObjectNode) m;
      if (!mapping.has("servicePort") || mapping.get("servicePort").asInt() == 0) {
        mapping.put("servicePort", servicePort[0]++);
      }
      if (!mapping.has("labels")) {
        mapping.putObject("labels");
      }
    });
    app.path("portDefinitions").forEach(d -> {
      ObjectNode definitionPort = (ObjectNode) d;
      if (definitionPort.path("port").asInt(0) == 0) {
        definitionPort.put("port", servicePort[0]++);
      }
    });
    app.path("healthChecks").forEach(c -> {
      ObjectNode check = (ObjectNode) c;
      check.putIfAbsent("delaySeconds", MAPPER.getNodeFactory().numberNode(15));
      check.putIfAbsent("ipProtocol", MAPPER.getNodeFactory().textNode("IPv4"));
    });
    if (app.has("container") && app.path("container").path("docker").isObject()) {
      ((ObjectNode) app.get("container").get("docker")).putIfAbsent("forcePullImage",
          MAPPER.getNodeFactory().booleanNode(false));
    }
    return app;
  }

  private ObjectNode render(App app, boolean withTasks, boolean withDeployments) {
    ObjectNode out = app.definition.deepCopy();
    out.put("version", app.version.toString());
    out.putObject("versionInfo").put("lastScalingAt", app.lastScalingAt.toString())
        .put("lastConfigChangeAt", app.lastConfigChangeAt.toString());
    long running = app.tasks.stream().filter(t -> t.state.equals("TASK_RUNNING")).count();
    long healthy = app.tasks.stream().filter(t -> t.healthy).count();
    out.put("tasksStaged", app.tasks.size() - running);
    out.put("tasksRunning", running);
    out.put("tasksHealthy", healthy);
    out.put("tasksUnhealthy", app.definition.path("healthChecks").size() == 0 ? 0 : running - healthy);
    if (withDeployments) {
      ArrayNode deployments = out.putArray("deployments");
      if (app.deploymentId != null) {
        deployments.addObject().put("id", app.deploymentId);
      }
    }
    if (withTasks) {
      ArrayNode tasks = out.putArray("tasks");
      app.tasks.forEach(t -> tasks.add(task(app, t)));
    }
    return out;
  }

  private ObjectNode task(App app, Task t) {
    ObjectNode task = MAPPER.createObjectNode();
    task.put("id", t.id).put("appId", app.definition.get("id").asText()).put("host", t.host)
        .put("slaveId", t.host.replace(".stand-in", "")).put("state", t.state).put("version", t.version.toString())
        .put("stagedAt", t.stagedAt.toString());
    if (t.startedAt != null) {
      task.put("startedAt", t.startedAt.toString());
    }
    ArrayNode ports = task.putArray("ports");
    t.ports.forEach(ports::add);
    ArrayNode results = task.putArray("healthCheckResults");
    if (t.healthy) {
      for (int i = 0; i < app.definition.path("healthChecks").size(); i++) {
        results.addObject().put("alive", true).put("consecutiveFailures", 0).put("taskId", t.id)
            .put("firstSuccess", t.startedAt.toString()).put("lastSuccess", clock.instant().toString());
      }
    }
    return task;
  }

  private ObjectNode deployment(App app) {
    ObjectNode d = MAPPER.createObjectNode();
    String id = app.definition.get("id").asText();
    d.put("id", app.deploymentId).put("version", app.version.toString());
    d.putArray("affectedApps").add(id);
    d.putArray("affectedPods");
    d.putArray("steps").addObject().putArray("actions").addObject().put("action", app.deploymentAction).put("app", id);
    d.putArray("currentActions").addObject().put("action", app.deploymentAction).put("app", id)
        .putObject("readinessCheckResults");
    d.put("currentStep", 1).put("totalSteps", 1);
    return d;
  }

  // ------------------------------------------------------------------ the simulated cluster

  private synchronized void tick() {
    Instant now = clock.instant();
    for (App app : apps.values()) {
      String id = app.definition.get("id").asText();
      int wanted = app.definition.path("instances").asInt(1);
      int checks = app.definition.path("healthChecks").size();
      int ports = Math.max(app.definition.path("container").path("portMappings").size(),
          app.definition.path("portDefinitions").size());
      for (Task t : app.tasks) {
        if (t.state.equals("TASK_STAGING") && !now.isBefore(t.stagedAt.plus(taskStartDelay))) {
          t.state = "TASK_RUNNING";
          t.startedAt = now;
        }
        if (t.state.equals("TASK_RUNNING") && !t.healthy && checks > 0 && !neverHealthy.test(id)) {
          t.healthy = true;
        }
      }
      List<Task> current = app.tasks.stream().filter(t -> !t.version.isBefore(app.lastConfigChangeAt)).toList();
      List<Task> old = app.tasks.stream().filter(t -> t.version.isBefore(app.lastConfigChangeAt)).toList();
      for (int i = current.size(); i < wanted; i++) {
        Task t = new Task();
        int n = counter.incrementAndGet();
        t.id = id.substring(1).replace('/', '_') + "." + UUID.randomUUID();
        t.host = "agent-" + (n % 3 + 1) + ".stand-in";
        t.ports = new ArrayList<>();
        for (int p = 0; p < ports; p++) {
          t.ports.add(31000 + (n * 7 + p) % 1000);
        }
        t.version = app.version;
        t.state = "TASK_STAGING";
        t.stagedAt = now;
        app.tasks.add(t);
      }
      if (current.size() > wanted) {
        List<Task> surplus = new ArrayList<>(current);
        surplus.sort((x, y) -> y.stagedAt.compareTo(x.stagedAt));
        app.tasks.removeAll(surplus.subList(0, current.size() - wanted));
      }
      List<Task> now_current = app.tasks.stream().filter(t -> !t.version.isBefore(app.lastConfigChangeAt)).toList();
      boolean allReady = now_current.size() == wanted && now_current.stream()
          .allMatch(t -> t.state.equals("TASK_RUNNING") && (checks == 0 || t.healthy));
      if (allReady) {
        app.tasks.removeAll(old);
        app.deploymentId = null;
      }
    }
  }

  // ------------------------------------------------------------------ authentication

  private synchronized boolean authorized(String header) {
    if (staticToken == null && serviceUid == null) {
      return true;
    }
    if (header == null || !header.startsWith("token=")) {
      return false;
    }
    String token = header.substring("token=".length());
    return token.equals(staticToken) || tokens.contains(token);
  }

  private synchronized Reply login(byte[] body) {
    logins.incrementAndGet();
    if (serviceUid == null) {
      return new Reply(401, message("no service account"));
    }
    try {
      JsonNode request = MAPPER.readTree(body);
      String[] jwt = request.path("token").asText("").split("\\.");
      if (jwt.length != 3 || !serviceUid.equals(request.path("uid").asText())) {
        return new Reply(401, message("invalid login"));
      }
      Base64.Decoder b64 = Base64.getUrlDecoder();
      JsonNode header = MAPPER.readTree(b64.decode(jwt[0]));
      JsonNode claims = MAPPER.readTree(b64.decode(jwt[1]));
      Signature rs256 = Signature.getInstance("SHA256withRSA");
      rs256.initVerify(serviceKey);
      rs256.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
      boolean valid = "RS256".equals(header.path("alg").asText()) && rs256.verify(b64.decode(jwt[2]))
          && serviceUid.equals(claims.path("uid").asText())
          && claims.path("exp").asLong(0) > clock.instant().getEpochSecond();
      if (!valid) {
        return new Reply(401, message("invalid service login token"));
      }
      String token = "issued-" + UUID.randomUUID();
      tokens.add(token);
      return new Reply(200, MAPPER.createObjectNode().put("token", token));
    } catch (IOException | java.security.GeneralSecurityException | IllegalArgumentException e) {
      return new Reply(401, message("invalid login: " + e.getMessage()));
    }
  }

  // ------------------------------------------------------------------ helpers

  private static boolean matches(String selector, JsonNode labels) {
    if (selector.isBlank()) {
      return true;
    }
    for (String part : splitUnescaped(selector)) {
      String p = part.strip();
      int eq = p.indexOf("==");
      if (eq >= 0) {
        String key = unescape(p.substring(0, eq).strip());
        String value = unescape(p.substring(eq + 2).strip());
        if (!value.equals(labels.path(key).asText(null))) {
          return false;
        }
      } else if (!labels.has(unescape(p))) {
        return false;
      }
    }
    return true;
  }

  private static List<String> splitUnescaped(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        current.append(c).append(text.charAt(++i));
      } else if (c == ',') {
        out.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    out.add(current.toString());
    return out;
  }

  private static String unescape(String text) {
    return text.replaceAll("\\\\(.)", "$1");
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      String[] kv = pair.split("=", 2);
      out.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
          .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
    }
    return out;
  }

  private static ObjectNode parse(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalArgumentException("not an object");
      }
      return object;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON", e);
    }
  }

  private static ObjectNode message(String text) {
    return MAPPER.createObjectNode().put("message", text);
  }

  private static ObjectNode invalidBody(String detail) {
    ObjectNode body = message("Object is not valid");
    int colon = detail.indexOf(':');
    body.putArray("details").addObject().put("path", detail.substring(0, colon)).putArray("errors")
        .add(detail.substring(colon + 1).strip());
    return body;
  }

  private static void reply(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(reply.body());
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
