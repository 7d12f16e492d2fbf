package io.vamp.reconciler.daemon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.vamp.driver.spi.event.Event;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.ledger.ActionRecord;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.model.json.StateJson;
import io.vamp.model.problem.Problem;
import io.vamp.reconciler.plan.GatewayDocument;
import io.vamp.reconciler.webhook.Verification;
import io.vamp.reconciler.webhook.WebhookVerifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP surface: {@code /healthz}, {@code /readyz}, the status and revision history, the
 * events, and the webhook that triggers an immediate poll. The webhook's payload is never read for
 * content: a valid signature only means "poll now".
 */
final class ApiServer {
  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final Daemon daemon;
  private final Ledger ledger;
  private final KeyValueStore kv;
  private final String gatewaysKey;
  private final Optional<WebhookVerifier> verifier;
  private final String bind;
  private final int requestedPort;
  private Javalin app;

  private final java.util.function.Consumer<Javalin> extraRoutes;

  ApiServer(Daemon daemon, Ledger ledger, KeyValueStore kv, String namespace, Optional<byte[]> webhookSecret,
      String bind, int port, java.util.function.Consumer<Javalin> extraRoutes) {
    this.extraRoutes = extraRoutes;
    this.daemon = daemon;
    this.ledger = ledger;
    this.kv = kv;
    this.gatewaysKey = GatewayDocument.key(namespace);
    this.verifier = webhookSecret.map(WebhookVerifier::new);
    this.bind = bind;
    this.requestedPort = port;
  }

  void start() {
    app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.http.maxRequestSize = 1_000_000L;
    });
    app.get("/healthz", ctx -> ctx.status(daemon.alive() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
        .result(daemon.alive() ? "ok\n" : "reconcile loop stopped\n"));
    app.get("/readyz", this::ready);
    app.get("/api/v1/status", ctx -> json(ctx, status(daemon.status())));
    app.get("/api/v1/revisions", this::revisions);
    app.get("/api/v1/revisions/{sha}", this::revision);
    app.get("/api/v1/events", this::events);
    app.get("/api/v1/agent", ctx -> daemon.agent().ifPresentOrElse(
        agent -> ctx.contentType("application/json").result(agent.status().toJson()),
        () -> ctx.status(HttpStatus.NOT_FOUND).result("no embedded gateway agent\n")));
    app.get("/api/v1/gateways", ctx -> kv.get(gatewaysKey).ifPresentOrElse(
        v -> ctx.contentType("application/json").result(v.value()),
        () -> ctx.status(HttpStatus.NOT_FOUND).result("no gateways published yet\n")));
    app.post("/api/v1/webhook", this::webhook);
    HistoryRoutes.register(app, ledger);
    extraRoutes.accept(app);
    app.exception(Exception.class, (e, ctx) -> {
      LOG.warn("api error path={} error=\"{}\"", ctx.path(), e.toString());
      ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).result("internal error\n");
    });
    app.start(bind, requestedPort);
  }

  int port() {
    return app.port();
  }

  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  private void ready(Context ctx) {
    Status status = daemon.status();
    boolean ready = daemon.alive() && !status.phase().equals("starting");
    ctx.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).result(status.phase() + "\n");
  }

  private void webhook(Context ctx) {
    if (verifier.isEmpty()) {
      ctx.status(HttpStatus.NOT_FOUND).result("no webhook secret is configured\n");
      return;
    }
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    ctx.headerMap().forEach((name, value) -> headers.put(name, List.of(value)));
    Verification verification = verifier.get().verify(headers, ctx.bodyAsBytes());
    if (!verification.accepted()) {
      LOG.info("webhook refused from={} reason=\"{}\"", ctx.ip(), verification);
      ctx.status(HttpStatus.UNAUTHORIZED).result("signature refused\n");
      return;
    }
    daemon.trigger();
    ctx.status(HttpStatus.ACCEPTED).result("poll triggered\n");
  }

  private void revisions(Context ctx) {
    int limit = Math.min(1000, Math.max(1, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(50)));
    ArrayNode list = StateJson.mapper().createArrayNode();
    ledger.revisions(limit).forEach(r -> list.add(revision(r)));
    json(ctx, list);
  }

  private void revision(Context ctx) {
    Optional<RevisionRecord> record = ledger.revision(ctx.pathParam("sha"));
    if (record.isEmpty()) {
      ctx.status(HttpStatus.NOT_FOUND).result("no such revision\n");
      return;
    }
    ObjectNode node = revision(record.get());
    ArrayNode actions = node.putArray("actions");
    for (ActionRecord action : ledger.actions(record.get().sha())) {
      actions.addObject().put("sequence", action.sequence()).put("type", action.type())
          .put("target", action.target()).put("outcome", action.outcome()).put("detail", action.detail())
          .put("started_at", action.startedAt().toString()).put("finished_at", action.finishedAt().toString());
    }
    ObjectNode artifacts = node.putObject("artifacts");
    ledger.artifacts(record.get().sha()).forEach(artifacts::put);
    json(ctx, node);
  }

  private void events(Context ctx) {
    int limit = Math.min(1000, Math.max(1, ctx.queryParamAsClass("limit", Integer.class).getOrDefault(100)));
    ArrayNode list = StateJson.mapper().createArrayNode();
    for (Event event : ledger.events(Optional.ofNullable(ctx.queryParam("tag")), limit)) {
      ObjectNode node = list.addObject().put("id", event.id()).put("type", event.type())
          .put("value", event.value()).put("timestamp", event.timestamp().toString());
      ArrayNode tags = node.putArray("tags");
      event.tags().forEach(tags::add);
    }
    json(ctx, list);
  }

  private static ObjectNode revision(RevisionRecord r) {
    ObjectNode node = StateJson.mapper().createObjectNode();
    node.put("sha", r.sha());
    r.parent().ifPresent(p -> node.put("parent", p));
    node.put("author", r.author()).put("committer", r.committer()).put("message", r.message())
        .put("commit_time", r.commitTime().toString()).put("observed_at", r.observedAt().toString())
        .put("status", r.status().name().toLowerCase(java.util.Locale.ROOT)).put("detail", r.detail());
    r.finishedAt().ifPresent(f -> node.put("finished_at", f.toString()));
    return node;
  }

  static ObjectNode status(Status status) {
    ObjectNode node = StateJson.mapper().createObjectNode();
    node.put("phase", status.phase());
    status.lastApplied().ifPresent(r -> node.set("last_applied", summary(r)));
    status.lastAttempted().ifPresent(r -> node.set("last_attempted", summary(r)));
    ArrayNode problems = node.putArray("problems");
    List<String> lines = new ArrayList<>();
    status.problems().stream().map(Problem::toString).forEach(lines::add);
    lines.forEach(problems::add);
    status.lastObservedAt().ifPresent(t -> node.put("last_observed_at", t.toString()));
    return node;
  }

  private static ObjectNode summary(Status.RevisionSummary r) {
    return StateJson.mapper().createObjectNode().put("sha", r.sha()).put("message", r.message())
        .put("outcome", r.outcome()).put("detail", r.detail()).put("at", r.at().toString());
  }

  private static void json(Context ctx, Object node) {
    ctx.contentType("application/json").result(StateJson.text(node));
  }
}
