package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Turns a {@link Workload} into a Marathon app definition. Pure: same input, same JSON. What it decides is
 * documented in the module README ("What a workload becomes").
 */
final class AppRenderer {
  static final ObjectMapper MAPPER = new ObjectMapper();
  static final String MANAGED_BY = "VAMP_MANAGED_BY";
  static final String NAMESPACE = "VAMP_NAMESPACE";
  static final String WORKLOAD_ID = "VAMP_WORKLOAD_ID";
  static final String CONFIG = "VAMP_CONFIG";
  static final String CONFIG_DIGEST = "VAMP_CONFIG_DIGEST";
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

  private final String namespace;
  private final MarathonSettings settings;

  AppRenderer(String namespace, MarathonSettings settings) {
    this.namespace = namespace;
    this.settings = settings;
  }

  String appId(WorkloadId id) {
    return AppIds.appId(settings.group(), id);
  }

  ObjectNode render(Workload workload) {
    WorkloadId id = workload.id();
    ObjectNode dialect = MarathonDialect.of(id, workload.dialects());
    ObjectNode app = MAPPER.createObjectNode();
    app.put("id", appId(id));
    app.put("instances", workload.resources().instances());
    app.put("cpus", workload.resources().cpu().signum() > 0 ? workload.resources().cpu() : settings.defaultCpus());
    app.put("mem", workload.resources().memoryMb() > 0 ? BigDecimal.valueOf(workload.resources().memoryMb())
        : settings.defaultMem());

    boolean host = settings.network().equals("host");
    switch (workload.deployable().type()) {
      case DOCKER -> {
        ObjectNode container = app.putObject("container");
        container.put("type", "DOCKER");
        ObjectNode docker = container.putObject("docker");
        docker.put("image", workload.deployable().definition());
        ArrayNode parameters = docker.putArray("parameters");
        for (Argument argument : workload.arguments()) {
          if (argument.key().equals("privileged")) {
            if (!argument.value().matches("true|false")) {
              throw new DriverException("workload " + id + ": argument 'privileged' must be true or false, found '"
                  + argument.value() + "'", false);
            }
            docker.put("privileged", Boolean.parseBoolean(argument.value()));
          } else {
            parameters.addObject().put("key", argument.key()).put("value", argument.value());
          }
        }
        container.putArray("volumes");
        if (host) {
          portDefinitions(app, workload.ports());
        } else {
          ArrayNode mappings = container.putArray("portMappings");
          for (Port port : workload.ports()) {
            ObjectNode m = mappings.addObject().put("containerPort", port.number()).put("hostPort", 0)
                .put("protocol", "tcp");
            if (PORT_NAME.matcher(port.name()).matches()) {
              m.put("name", port.name());
            }
          }
        }
        app.putArray("networks").addObject().put("mode", host ? "host" : "container/bridge");
      }
      case COMMAND -> {
        if (!workload.arguments().isEmpty()) {
          throw new DriverException("workload " + id + ": arguments are docker parameters; a command deployable"
              + " has none", false);
        }
        app.put("cmd", workload.deployable().definition());
        portDefinitions(app, workload.ports());
      }
      case JAVASCRIPT -> throw new DriverException("workload " + id
          + ": a JavaScript deployable (a Vamp workflow) does not run on Marathon", false);
    }

    ObjectNode env = app.putObject("env");
    TreeMap<String, String> variables = new TreeMap<>(workload.environment());
    variables.put("VAMP_NAMESPACE", namespace);
    variables.put("VAMP_WORKLOAD", id.toString());
    variables.forEach(env::put);
    dialect.path("env").fields().forEachRemaining(e -> {
      if (env.has(e.getKey())) {
        throw MarathonDialect.problem(id, "env." + e.getKey(), "already set by the workload or the driver");
      }
      env.put(e.getKey(), e.getValue().asText());
    });

    ArrayNode checks = app.putArray("healthChecks");
    for (HealthCheck check : workload.healthChecks()) {
      int index = indexOf(workload.ports(), check.port());
      if (index < 0) {
        throw new DriverException("workload " + id + ": health check port '" + check.port()
            + "' is not a port of the workload", false);
      }
      checks.addObject()
          .put("protocol", check.protocol().equalsIgnoreCase("HTTPS") ? "MESOS_HTTPS" : "MESOS_HTTP")
          .put("path", check.path())
          .put("portIndex", index)
          .put("gracePeriodSeconds", seconds(check.initialDelay(), 0))
          .put("intervalSeconds", seconds(check.interval(), 1))
          .put("timeoutSeconds", seconds(check.timeout(), 1))
          .put("maxConsecutiveFailures", Math.max(1, check.failures()));
    }

    ArrayNode fetch = app.putArray("fetch");
    dialect.path("fetch").forEach(f -> fetch.add(f.deepCopy()));
    dialect.path("uris").forEach(u -> fetch.addObject().put("uri", u.asText()));
    app.set("constraints", dialect.has("constraints") ? dialect.get("constraints").deepCopy()
        : MAPPER.createArrayNode());

    String config = WorkloadCodec.encode(workload);
    ObjectNode labels = app.putObject("labels");
    dialect.path("labels").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    labels.put(MANAGED_BY, "vamp");
    labels.put(NAMESPACE, namespace);
    labels.put("VAMP_DEPLOYMENT", id.deployment());
    labels.put("VAMP_CLUSTER", id.cluster());
    labels.put("VAMP_SERVICE", id.service());
    labels.put(WORKLOAD_ID, id.toString());
    labels.put(CONFIG_DIGEST, AppIds.hash(config));
    labels.put(CONFIG, config);

    // the rest of the dialect: scalars and objects set, the container merged
    for (Iterator<Map.Entry<String, JsonNode>> it = dialect.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      switch (e.getKey()) {
        case "env", "labels", "fetch", "uris", "constraints" -> { }
        case "container" -> mergeContainer(id, app, (ObjectNode) e.getValue());
        case "args" -> {
          if (app.has("cmd") && !dialect.has("cmd")) {
            throw MarathonDialect.problem(id, "args", "a command deployable runs its cmd; Marathon takes cmd or"
                + " args, not both");
          }
          app.set("args", e.getValue().deepCopy());
        }
        default -> app.set(e.getKey(), e.getValue().deepCopy());
      }
    }
    if (dialect.has("cmd") && dialect.has("args")) {
      throw MarathonDialect.problem(id, "args", "Marathon takes cmd or args, not both");
    }
    return app;
  }

  private static void mergeContainer(WorkloadId id, ObjectNode app, ObjectNode dialect) {
    ObjectNode container = (ObjectNode) app.get("container");
    if (container == null) {
      throw MarathonDialect.problem(id, "container", "only a docker deployable runs in a container");
    }
    ObjectNode docker = (ObjectNode) container.get("docker");
    dialect.path("docker").fields().forEachRemaining(e -> {
      if (e.getKey().equals("parameters")) {
        e.getValue().forEach(p -> ((ArrayNode) docker.get("parameters")).add(p.deepCopy()));
      } else {
        docker.set(e.getKey(), e.getValue().deepCopy());
      }
    });
    if (dialect.has("volumes")) {
      container.set("volumes", dialect.get("volumes").deepCopy());
    }
  }

  private static void portDefinitions(ObjectNode app, List<Port> ports) {
    ArrayNode definitions = app.putArray("portDefinitions");
    for (Port port : ports) {
      ObjectNode d = definitions.addObject().put("port", 0).put("protocol", "tcp");
      if (PORT_NAME.matcher(port.name()).matches()) {
        d.put("name", port.name());
      }
    }
  }

  private static int indexOf(List<Port> ports, String name) {
    for (int i = 0; i < ports.size(); i++) {
      if (ports.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static long seconds(Duration duration, long minimum) {
    return Math.max(minimum, duration.toSeconds() + (duration.toNanosPart() > 0 ? 1 : 0));
  }
}
