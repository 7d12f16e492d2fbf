package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.artifact.Port;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a Marathon app (with its embedded tasks and deployments) into an {@link ObservedWorkload}. Pure.
 *
 * <ul>
 *   <li>digest: the workload rebuilt from the app's {@code VAMP_CONFIG} label with the app's live
 *       {@code instances} ({@link WorkloadCodec}); {@code drift:<digest>} when the live app no longer holds
 *       what the driver would apply for it; {@code unreadable:<config digest>} when the label cannot be read
 *   <li>wanted instances: the app's {@code instances}
 *   <li>instances: one per task that is staging, starting or running, named by the task id, at the task's
 *       host and host ports (breed ports in order). A task runs the current digest when it was launched
 *       at or after the app's last configuration change ({@code versionInfo.lastConfigChangeAt}). It is
 *       ready when it is running and every health check reports it alive; a task of the current digest
 *       only when, in addition, no Marathon deployment of the app is in flight.
 * </ul>
 */
final class AppObservation {
  static final String DRIFT = "drift:";
  static final String UNREADABLE = "unreadable:";
  private static final Set<String> ACTIVE = Set.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING");

  private AppObservation() {}

  record Observed(ObservedWorkload workload, Optional<String> drift) {}

  static Observed observe(WorkloadId id, JsonNode app, AppRenderer renderer) {
    JsonNode labels = app.path("labels");
    int wanted = app.path("instances").asInt(1);
    Optional<Workload> workload = WorkloadCodec.decode(id, labels.path(AppRenderer.CONFIG).asText(""), wanted);
    String digest;
    Optional<String> drift = Optional.empty();
    List<String> portNames = new ArrayList<>();
    if (workload.isEmpty()) {
      digest = UNREADABLE + labels.path(AppRenderer.CONFIG_DIGEST).asText("none");
    } else {
      workload.get().ports().stream().map(Port::name).forEach(portNames::add);
      digest = workload.get().digest();
      try {
        ObjectNode expected = renderer.render(workload.get());
        expected.remove("id");
        drift = AppDrift.find(expected, app);
      } catch (RuntimeException e) {
        drift = Optional.of("cannot render the app again: " + e.getMessage());
      }
      if (drift.isPresent()) {
        digest = DRIFT + digest;
      }
    }
    boolean deploying = app.path("deployments").size() > 0;
    Instant configChanged = instant(app.path("versionInfo").path("lastConfigChangeAt").asText(
        app.path("version").asText("")));
    int checks = app.path("healthChecks").size();

    List<JsonNode> tasks = new ArrayList<>();
    app.path("tasks").forEach(t -> {
      if (ACTIVE.contains(t.path("state").asText(""))) {
        tasks.add(t);
      }
    });
    tasks.sort(Comparator.comparing((JsonNode t) -> t.path("id").asText()));
    List<Instance> instances = new ArrayList<>();
    for (JsonNode task : tasks) {
      Instant version = instant(task.path("version").asText(""));
      boolean current = configChanged == null || (version != null && !version.isBefore(configChanged));
      boolean healthy = "TASK_RUNNING".equals(task.path("state").asText()) && alive(task, checks);
      Map<String, Integer> ports = new LinkedHashMap<>();
      JsonNode taskPorts = task.path("ports");
      for (int i = 0; i < portNames.size() && i < taskPorts.size(); i++) {
        ports.put(portNames.get(i), taskPorts.get(i).asInt());
      }
      instances.add(new Instance(task.path("id").asText(), task.path("host").asText(""), ports,
          healthy && (!current || !deploying),
          Optional.of(current ? digest : "version:" + task.path("version").asText())));
    }
    return new Observed(new ObservedWorkload(id, digest, wanted, instances), drift);
  }

  private static boolean alive(JsonNode task, int checks) {
    if (checks == 0) {
      return true;
    }
    JsonNode results = task.path("healthCheckResults");
    if (results.size() < checks) {
      return false;
    }
    for (JsonNode r : results) {
      if (!r.path("alive").asBoolean(false)) {
        return false;
      }
    }
    return true;
  }

  private static Instant instant(String text) {
    try {
      return text.isEmpty() ? null : Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
