package io.vamp.driver.marathon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Marathon / DC/OS {@link Scheduler}: an app per workload under the namespace's group, marked with
 * {@code VAMP_*} labels. Observation asks Marathon ({@code GET /v2/apps} with the tasks and deployments
 * embedded, one request for all workloads). See the module README.
 */
public final class MarathonScheduler implements Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(MarathonScheduler.class);

  private final String namespace;
  private final MarathonSettings settings;
  private final MarathonClient client;
  private final AppRenderer renderer;
  private volatile boolean closed;

  public MarathonScheduler(DriverConfig config) {
    this.namespace = config.namespace();
    this.settings = MarathonSettings.from(config);
    this.client = new MarathonClient(settings);
    this.renderer = new AppRenderer(namespace, settings);
    LOG.info("event=scheduler-started driver=marathon namespace={} uri={} group={}", namespace, settings.uri(),
        settings.group());
  }

  @Override
  public List<ObservedWorkload> observe() {
    open();
    String selector = AppRenderer.MANAGED_BY + "==vamp," + AppRenderer.NAMESPACE + "==" + escape(namespace);
    List<ObservedWorkload> out = new ArrayList<>();
    for (JsonNode app : client.apps(settings.group() + "/", selector)) {
      workloadId(app).ifPresent(id -> out.add(AppObservation.observe(id, app, renderer).workload()));
    }
    out.sort(Comparator.comparing(ObservedWorkload::id));
    return out;
  }

  @Override
  public Optional<ObservedWorkload> observe(WorkloadId id) {
    open();
    return client.app(renderer.appId(id)).filter(app -> workloadId(app).filter(id::equals).isPresent())
        .map(app -> AppObservation.observe(id, app, renderer).workload());
  }

  @Override
  public void deploy(Workload workload) {
    open();
    WorkloadId id = workload.id();
    String appId = renderer.appId(id);
    ObjectNode desired = renderer.render(workload);
    Optional<JsonNode> live = client.app(appId);
    String action;
    if (live.isEmpty()) {
      action = "created";
    } else {
      if (workloadId(live.get()).filter(id::equals).isEmpty()) {
        String owner = live.get().path("labels").path(AppRenderer.NAMESPACE).asText("");
        throw new DriverException("marathon: app " + appId + " exists and is " + (owner.isEmpty()
            ? "not managed by vamp" : "owned by vamp namespace '" + owner + "'") + "; this daemon (namespace '"
            + namespace + "') leaves it alone", false);
      }
      Optional<String> drift = AppDrift.find(withoutId(desired), live.get());
      if (drift.isEmpty()) {
        LOG.debug("event=unchanged namespace={} workload={} app={}", namespace, id, appId);
        return;
      }
      action = "updated";
      LOG.debug("event=update namespace={} workload={} app={} difference=\"{}\"", namespace, id, appId, drift.get());
    }
    client.putApp(appId, desired);
    LOG.info("event=deployed namespace={} workload={} app={} digest={} action={}", namespace, id, appId,
        workload.digest(), action);
  }

  @Override
  public void remove(WorkloadId id) {
    open();
    String appId = renderer.appId(id);
    Optional<JsonNode> live = client.app(appId);
    if (live.isEmpty() || workloadId(live.get()).filter(id::equals).isEmpty()) {
      return;
    }
    client.deleteApp(appId);
    LOG.info("event=removed namespace={} workload={} app={}", namespace, id, appId);
  }

  /** The workload an app is, if it carries this namespace's marks and sits where that workload's app does. */
  private Optional<WorkloadId> workloadId(JsonNode app) {
    JsonNode labels = app.path("labels");
    if (!"vamp".equals(labels.path(AppRenderer.MANAGED_BY).asText())
        || !namespace.equals(labels.path(AppRenderer.NAMESPACE).asText(null))) {
      return Optional.empty();
    }
    try {
      WorkloadId id = WorkloadId.parse(labels.path(AppRenderer.WORKLOAD_ID).asText(""));
      return renderer.appId(id).equals(app.path("id").asText()) ? Optional.of(id) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static ObjectNode withoutId(ObjectNode app) {
    ObjectNode copy = app.deepCopy();
    copy.remove("id");
    return copy;
  }

  /** Marathon label selectors take {@code -A-Za-z0-9_.}; anything else is escaped with a backslash. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder();
    for (char c : value.toCharArray()) {
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_' && c != '.') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  private void open() {
    if (closed) {
      throw new DriverException("marathon scheduler of namespace " + namespace + " is closed", false);
    }
  }

  /** Nothing to stop: apps keep running and a restarted daemon takes them over. */
  @Override
  public void close() {
    closed = true;
  }
}
