package io.vamp.reconciler.daemon;

import io.vamp.driver.spi.ledger.RevisionRecord;
import io.vamp.model.Dsl;
import io.vamp.model.problem.Problem;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.DesiredState;
import io.vamp.reconciler.config.Config;
import io.vamp.reconciler.config.Settings;
import io.vamp.reconciler.git.GitCredentials;
import io.vamp.reconciler.git.GitSource;
import io.vamp.reconciler.git.GitSourceConfig;
import io.vamp.reconciler.git.GitSourceException;
import io.vamp.reconciler.git.PollSchedule;
import io.vamp.reconciler.git.Revision;
import io.vamp.reconciler.git.SecretSource;
import io.vamp.reconciler.loop.Backends;
import io.vamp.reconciler.loop.FencedKeyValueStore;
import io.vamp.reconciler.loop.Outcome;
import io.vamp.reconciler.loop.Reconciler;
import io.vamp.driver.haproxy.agent.AgentSettings;
import io.vamp.driver.haproxy.agent.GatewayAgent;
import io.vamp.driver.haproxy.render.RenderSettings;
import io.vamp.driver.haproxy.render.SyslogTarget;
import io.vamp.reconciler.plan.Publisher;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * {@code vamp run}: follows a Git branch and keeps the world converged on its newest valid commit.
 * One loop thread polls (every interval, or at once when the webhook says so), reconciles a new head,
 * retries a failed one, and between commits corrects drift. A newer commit supersedes the one in
 * flight.
 */
public final class Daemon implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Daemon.class);
  private static final Duration SUPERSEDE_CHECK_EVERY = Duration.ofSeconds(1);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  private final Config config;
  private final Map<String, String> environment;
  private final Clock clock;
  private final AtomicReference<Status> status = new AtomicReference<>(
      new Status("starting", Optional.empty(), Optional.empty(), List.of(), Optional.empty()));
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final io.vamp.reconciler.metrics.DaemonMetrics metrics;

  private Backends backends;
  private GitSource git;
  private PollSchedule schedule;
  private Reconciler reconciler;
  private ApiServer api;
  private GatewayAgent agent;
  private Leadership leadership;
  private io.vamp.driver.spi.kv.Watch wakeWatch;
  private String wakeKey;
  private ElasticsearchWiring elasticsearch;
  private Thread loop;
  private volatile boolean running;

  /** The revision being worked towards and the last one applied, with its desired state. */
  private Revision pending;
  private String lastSeen = "";
  private String appliedSha;
  private DesiredState appliedState;
  private Instant lastSupersedeCheck = Instant.EPOCH;
  private Instant nextPrune = Instant.EPOCH;
  private Duration eventsRetention = Duration.ZERO;

  public Daemon(Config config, Map<String, String> environment, Clock clock) {
    this.config = config;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.metrics = new io.vamp.reconciler.metrics.DaemonMetrics(clock);
  }

  public synchronized void start() {
    String namespace = config.get(Settings.NAMESPACE);
    backends = DriverWiring.open(withLocalWorkingDirectory(config), environment);
    git = GitSource.open(gitConfig());
    schedule = new PollSchedule(config.duration(Settings.REPOSITORY_POLL_INTERVAL));
    int[] range = config.range(Settings.GATEWAYS_PORT_RANGE);
    ResolveContext context = new ResolveContext(config.get(Settings.GATEWAYS_HOST), range[0], range[1], Map.of(),
        config.optional(Settings.GATEWAYS_VIRTUAL_HOST_DOMAIN), namespace);
    RenderSettings render = renderSettings(config);
    leadership = new Leadership(backends.kv(), namespace, candidateId());
    // a webhook may reach any replica: whichever receives it writes the wake key, the one leading polls
    wakeKey = "/vamp/" + namespace + "/leader/wake";
    wakeWatch = backends.kv().watch(wakeKey, false, (key, value) -> schedule.trigger());
    // the reconciler writes to the store only through the fence; the agent, the API and the metrics use it as is
    Backends fenced = new Backends(backends.scheduler(), new FencedKeyValueStore(backends.kv(), leadership),
        backends.ledger(), backends.events());
    reconciler = new Reconciler(fenced, context, new Publisher(namespace, render),
        config.duration(Settings.READY_TIMEOUT), config.integer(Settings.APPLY_PARALLELISM, 1, 64), clock);
    eventsRetention = config.duration(Settings.EVENTS_RETENTION);
    reconciler.onAction(metrics::action);
    elasticsearch = ElasticsearchWiring.open(config.optional(Settings.ELASTICSEARCH_URI), namespace,
        Path.of(config.get(Settings.DATA_DIR)).toAbsolutePath(), config.driverSettings("elasticsearch"),
        backends.ledger()).orElse(null);
    agent = embeddedAgent(namespace, render).orElse(null);
    metrics.daemon(backends, namespace, agent());
    api = new ApiServer(this, backends.ledger(), backends.kv(), namespace, webhookSecret(), config.get(Settings.HTTP_BIND),
        config.integer(Settings.HTTP_PORT), app -> {
          if (elasticsearch != null) {
            elasticsearch.registerRoutes(app);
          }
          app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
        });
    api.start();
    running = true;
    loop = new Thread(this::run, "vamp-reconcile");
    loop.start();
    LOG.info("daemon started namespace={} repository=\"{}\" api=http://{}:{}", namespace,
        git.config().displayUrl(), config.get(Settings.HTTP_BIND), api.port());
  }

  /**
   * The embedded default: a gateway agent in this process driving a local HAProxy, when there is one.
   * Without HAProxy the daemon says so once, plainly, and converges everything else.
   */
  private Optional<GatewayAgent> embeddedAgent(String namespace, RenderSettings render) {
    String mode = config.get(Settings.AGENT_EMBEDDED).trim().toLowerCase(java.util.Locale.ROOT);
    if (mode.equals("false")) {
      return Optional.empty();
    }
    Optional<Path> haproxy = GatewayAgent.findHaproxy();
    if (haproxy.isEmpty()) {
      if (mode.equals("true")) {
        throw new io.vamp.reconciler.config.ConfigException("agent.embedded is true but " + GatewayAgent.HAPROXY_MISSING);
      }
      LOG.warn("no embedded gateway agent: {}", GatewayAgent.HAPROXY_MISSING);
      return Optional.empty();
    }
    AgentSettings settings = AgentSettings.defaults(backends.kv(), haproxy.get(),
        render.socketDirectory().resolve("agent"))
        .withNamespace(namespace)
        .withAgentId("embedded")
        .withHaproxyVersion(Publisher.HAPROXY_VERSION)
        .withHealth("127.0.0.1", 0);
    if (elasticsearch != null) {
      settings = settings.withRequestLogs(elasticsearch.requestLogSink());
    }
    if (render.syslog().isPresent()) {
      settings = settings.withSyslogPort(render.syslog().get().port());
    }
    GatewayAgent embedded = new GatewayAgent(settings);
    try {
      embedded.start();
    } catch (RuntimeException e) {
      // the gateways cannot be served here, but everything else still converges
      embedded.close();
      if (mode.equals("true")) {
        throw e;
      }
      LOG.error("embedded gateway agent could not start, gateways are not served on this machine: {}",
          e.getMessage());
      return Optional.empty();
    }
    LOG.info("embedded gateway agent started haproxy={} health=http://{}:{}/health", haproxy.get(),
        embedded.healthAddress().getHostString(), embedded.healthAddress().getPort());
    return Optional.of(embedded);
  }

  public Optional<GatewayAgent> agent() {
    return Optional.ofNullable(agent);
  }

  /** How the gateway agents' HAProxy is rendered: shared by every agent reading this namespace. */
  static RenderSettings renderSettings(Config config) {
    Path runDirectory = config.optional(Settings.GATEWAYS_RUN_DIR).map(Path::of).orElseGet(() -> {
      Path inData = Path.of(config.get(Settings.DATA_DIR)).toAbsolutePath().resolve("run");
      // unix socket paths are limited to about 100 bytes
      return inData.toString().length() <= 60 ? inData
          : Path.of(System.getProperty("java.io.tmpdir"), "vamp-" + Integer.toHexString(inData.toString().hashCode()));
    });
    RenderSettings settings = RenderSettings.defaults(runDirectory).withBindAddress(config.get(Settings.GATEWAYS_BIND));
    if (config.optional(Settings.GATEWAYS_SYSLOG).isPresent()) {
      settings = settings.withSyslog(SyslogTarget.parse(config.get(Settings.GATEWAYS_SYSLOG)));
    }
    if (config.optional(Settings.GATEWAYS_HEALTH_PORT).isPresent()) {
      settings = settings.withHealthPort(config.integer(Settings.GATEWAYS_HEALTH_PORT));
    }
    if (config.optional(Settings.GATEWAYS_VIRTUAL_HOSTS_PORT).isPresent()) {
      settings = settings.withVirtualHostsPort(config.integer(Settings.GATEWAYS_VIRTUAL_HOSTS_PORT));
    }
    return settings;
  }

  /**
   * With the local scheduler and a repository that is a folder on this machine, commands run in that
   * folder (so {@code java apps/Sava.java} finds the repository's files), unless configured otherwise.
   */
  private static Config withLocalWorkingDirectory(Config config) {
    String key = "scheduler.settings.working-directory";
    Optional<String> url = config.optional(Settings.REPOSITORY_URL);
    if (!config.get(Settings.SCHEDULER_DRIVER).equals("local") || url.isEmpty() || url.get().contains("://")
        || config.driverSettings("scheduler").containsKey("working-directory")) {
      return config;
    }
    Path folder = Path.of(url.get()).toAbsolutePath().resolve(config.get(Settings.REPOSITORY_PATH)).normalize();
    return java.nio.file.Files.isDirectory(folder) ? config.with(Map.of(key, folder.toString())) : config;
  }

  private GitSourceConfig gitConfig() {
    String url = config.optional(Settings.REPOSITORY_URL)
        .orElseThrow(() -> new io.vamp.reconciler.config.ConfigException(
            "repository.url is not set: give the repository (vamp run REPO) or set VAMP_REPOSITORY_URL"));
    GitSourceConfig git = GitSourceConfig.of(url)
        .withWorkDir(Path.of(config.get(Settings.DATA_DIR)).toAbsolutePath().resolve("git"));
    if (config.optional(Settings.REPOSITORY_BRANCH).isPresent()) {
      git = git.withBranch(config.get(Settings.REPOSITORY_BRANCH));
    }
    if (config.optional(Settings.REPOSITORY_PATH).isPresent()) {
      git = git.withSubPath(config.get(Settings.REPOSITORY_PATH));
    }
    Optional<SecretSource> token = config.optional(Settings.REPOSITORY_TOKEN_FILE).map(p -> SecretSource.file(Path.of(p)))
        .or(() -> config.optional(Settings.REPOSITORY_TOKEN_ENV).map(SecretSource::environment));
    if (token.isPresent()) {
      git = git.withCredentials(config.optional(Settings.REPOSITORY_USERNAME)
          .map(user -> GitCredentials.usernamePassword(user, token.get()))
          .orElse(GitCredentials.token(token.get())));
    } else if (config.optional(Settings.REPOSITORY_SSH_KEY_FILE).isPresent()) {
      git = git.withCredentials(GitCredentials.sshKey(Path.of(config.get(Settings.REPOSITORY_SSH_KEY_FILE))));
    }
    return git;
  }

  private Optional<byte[]> webhookSecret() {
    return config.secret(Settings.WEBHOOK_GITHUB_SECRET_FILE, Optional.of(Settings.WEBHOOK_SECRET_ENV), environment)
        .or(() -> config.secret(Settings.WEBHOOK_GITLAB_TOKEN_FILE, Optional.empty(), environment))
        .or(() -> config.secret(Settings.WEBHOOK_HMAC_SECRET_FILE, Optional.empty(), environment))
        .map(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void run() {
    resumeFromLedger();
    while (running) {
      try {
        MDC.clear();
        step();
      } catch (RuntimeException e) {
        LOG.warn("reconcile loop error (will retry at the next interval): {}", String.valueOf(e), e);
      }
      try {
        if (schedule.await() == PollSchedule.Wake.CLOSED) {
          break;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    stopped.countDown();
  }

  /** After a restart: the last applied revision, re-read from Git, is what drift is corrected toward. */
  private void resumeFromLedger() {
    try {
      Optional<RevisionRecord> applied = backends.ledger().lastApplied();
      if (applied.isEmpty()) {
        return;
      }
      Revision revision = git.at(applied.get().sha());
      Dsl.Evaluation evaluation = reconciler.evaluate(revision);
      if (evaluation.ok()) {
        appliedSha = revision.sha();
        appliedState = evaluation.state().orElseThrow();
        LOG.info("resumed revision={} from the ledger", revision.shortSha());
      }
    } catch (RuntimeException e) {
      LOG.warn("could not resume the last applied revision: {}", e.getMessage());
    }
  }

  /** This daemon in elections: host, process and a random part, so restarts are new candidates. */
  private static String candidateId() {
    String host = Optional.ofNullable(System.getenv("HOSTNAME")).orElse("daemon").replaceAll("[^A-Za-z0-9._-]", "-");
    return host + "-" + ProcessHandle.current().pid() + "-"
        + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
  }

  private void step() {
    if (!leadership.mayWrite()) {
      // another daemon leads: this one stands by (serving its API) until the leader goes away
      Status current = status.get();
      if (!current.phase().equals("standby")) {
        LOG.info("standing by: another daemon leads namespace {}", config.get(Settings.NAMESPACE));
      }
      status.set(new Status("standby", current.lastApplied(), current.lastAttempted(), current.problems(),
          Optional.of(clock.instant())));
      return;
    }
    pruneEvents();
    long polled = System.nanoTime();
    Optional<String> head = git.headIfChanged(lastSeen);
    metrics.gitPolled(head.isPresent(), polled);
    if (head.isPresent()) {
      lastSeen = head.get();
      try {
        pending = git.at(head.get());
      } catch (GitSourceException e) {
        if (e.retryable() || e.problems().isEmpty()) {
          throw e;
        }
        // the commit cannot be read (a file too large, not UTF-8, the folder missing): reject it
        pending = null;
        Outcome outcome = reconciler.rejectUnreadable(head.get(), e.problems());
        metrics.revision(outcome.status());
        setStatus("stalled", Optional.of(new Status.RevisionSummary(head.get(), "", outcome.status(), "",
            clock.instant())), e.problems());
        return;
      }
    }
    if (pending != null) {
      Revision revision = pending;
      MDC.put("revision", revision.shortSha());
      MDC.put("commit", revision.sha());
      setStatus("reconciling", Optional.of(summary(revision, "in-progress", "")), List.of());
      Instant reconcileStarted = clock.instant();
      Reconciler.Result result = reconciler.reconcile(revision, this::superseded);
      Outcome outcome = result.outcome();
      metrics.reconciled(outcome.status(), Duration.between(reconcileStarted, clock.instant()));
      List<Problem> problems = outcome instanceof Outcome.Rejected rejected ? rejected.problems() : List.of();
      String detail = outcome instanceof Outcome.Failed failed ? failed.action() + ": " + failed.reason() : "";
      if (outcome instanceof Outcome.Applied || outcome instanceof Outcome.Converged) {
        appliedSha = revision.sha();
        appliedState = result.state().orElseThrow();
        pending = null;
        setStatus("ready", Optional.of(summary(revision, "applied", "")), List.of());
      } else if (outcome instanceof Outcome.Failed) {
        setStatus("stalled", Optional.of(summary(revision, "failed", detail)), List.of());
      } else {
        pending = null;
        setStatus(outcome instanceof Outcome.Rejected ? "stalled" : "reconciling",
            Optional.of(summary(revision, outcome.status(), detail)), problems);
      }
      return;
    }
    if (appliedState != null) {
      MDC.put("revision", appliedSha.substring(0, Math.min(12, appliedSha.length())));
      metrics.driftChecked(reconciler.correctDrift(appliedSha, appliedState, () -> !leadership.stillFenced())
          .status());
      Status current = status.get();
      status.set(new Status(current.phase(), current.lastApplied(), current.lastAttempted(), current.problems(),
          Optional.of(clock.instant())));
    }
  }

  /**
   * Once an hour (and on becoming leader), deletes the ledger's events older than
   * {@code events.retention}; with Elasticsearch configured only those already shipped there. Never fatal.
   */
  private void pruneEvents() {
    Instant now = clock.instant();
    Duration retention = eventsRetention;
    if (retention.isZero() || now.isBefore(nextPrune)) {
      return;
    }
    nextPrune = now.plus(PRUNE_EVERY);
    try {
      int pruned = backends.ledger().pruneEvents(now.minus(retention), elasticsearch != null);
      if (pruned > 0) {
        LOG.info("pruned events count={} older_than={} kept_undelivered={}", pruned, now.minus(retention),
            elasticsearch != null);
      }
    } catch (RuntimeException e) {
      LOG.warn("could not prune old events (next try in {}): {}", PRUNE_EVERY, e.getMessage());
    }
  }

  /** Whether the branch moved past the revision in flight (asked at most once a second). */
  private boolean superseded() {
    Instant now = clock.instant();
    if (Duration.between(lastSupersedeCheck, now).compareTo(SUPERSEDE_CHECK_EVERY) < 0) {
      return false;
    }
    lastSupersedeCheck = now;
    try {
      if (!leadership.stillFenced()) {
        LOG.warn("no longer the leader: stopping the revision in flight");
        return true;
      }
      return git.headIfChanged(lastSeen).isPresent();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Status.RevisionSummary summary(Revision revision, String outcome, String detail) {
    return new Status.RevisionSummary(revision.sha(), revision.shortMessage(), outcome, detail, clock.instant());
  }

  private void setStatus(String phase, Optional<Status.RevisionSummary> attempted, List<Problem> problems) {
    Status previous = status.get();
    Optional<Status.RevisionSummary> applied = attempted.filter(a -> a.outcome().equals("applied"))
        .or(previous::lastApplied);
    if (applied.isEmpty() && appliedSha != null) {
      applied = Optional.of(new Status.RevisionSummary(appliedSha, "", "applied", "", clock.instant()));
    }
    status.set(new Status(phase, applied, attempted, problems, Optional.of(clock.instant())));
  }

  public Status status() {
    return status.get();
  }

  /**
   * Polls now (the webhook's job). The webhook may have reached a replica that stands by: it also writes
   * the wake key every replica watches, so the leader polls at once wherever the webhook landed.
   */
  public void trigger() {
    schedule.trigger();
    try {
      backends.kv().put(wakeKey, clock.instant().toString());
    } catch (RuntimeException e) {
      LOG.warn("cannot wake the leader through {} (it polls at its next interval): {}", wakeKey, e.getMessage());
    }
  }

  public boolean alive() {
    return running && loop != null && loop.isAlive();
  }

  public int apiPort() {
    return api.port();
  }

  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  @Override
  public synchronized void close() {
    running = false;
    if (schedule != null) {
      schedule.close();
    }
    if (loop != null) {
      try {
        loop.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (api != null) {
      api.stop();
    }
    if (agent != null) {
      agent.close();
    }
    if (wakeWatch != null) {
      wakeWatch.close();
    }
    if (leadership != null) {
      leadership.close();
    }
    if (elasticsearch != null) {
      elasticsearch.close();
    }
    if (git != null) {
      git.close();
    }
    if (backends != null) {
      backends.close();
    }
    stopped.countDown();
    LOG.info("daemon stopped");
  }
}
