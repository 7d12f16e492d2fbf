package io.vamp.driver.haproxy.agent;

import io.vamp.driver.spi.kv.Versioned;
import io.vamp.driver.spi.kv.Watch;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway agent: runs beside one HAProxy and keeps it serving the configuration the daemon
 * publishes in the key-value store.
 *
 * <ul>
 *   <li>watches {@code /vamp/<ns>/gateways/haproxy/<major.minor>/configuration} (any store driver) and
 *       coalesces bursts: only the latest value is applied;</li>
 *   <li>checks every new text with {@code haproxy -c}; a text that fails is never loaded: the running
 *       configuration keeps serving and the failure shows in the log, on {@code /health} and in the
 *       status key;</li>
 *   <li>when only server weights changed, sends {@code set server ... weight} on the admin stats socket,
 *       no reload; otherwise saves the server states, swaps the file atomically and reloads the
 *       master-worker HAProxy, which hands its listening sockets to the new workers: no connection is
 *       refused and the old workers finish theirs;</li>
 *   <li>starts HAProxy on the first configuration, restarts it with backoff when it stops, stops it on close;</li>
 *   <li>receives HAProxy's request logs over syslog on loopback and hands them to a {@link RequestLogSink}.</li>
 * </ul>
 *
 * <p>Every action on HAProxy runs on one thread, one at a time. A missing HAProxy binary is reported
 * (once, with how to install it) and not fatal: the agent keeps watching and says so on {@code /health}.
 */
public final class GatewayAgent implements AutoCloseable {

  /** What the agent (and the daemon's embedded agent) says when there is no HAProxy to drive. */
  public static final String HAPROXY_MISSING = "haproxy was not found on PATH (nor in /usr/sbin or /usr/local/sbin):"
      + " this machine will not serve gateways. Install HAProxy 2.6 or newer, e.g. 'apt-get install haproxy'"
      + " on Debian or Ubuntu, or name the binary with --haproxy PATH.";
  /** The key version when {@code haproxy -v} cannot tell: the version the renderer writes for. */
  public static final String DEFAULT_HAPROXY_VERSION = "2.6";

  private static final Logger LOG = LoggerFactory.getLogger(GatewayAgent.class);
  private static final Pattern VERSION = Pattern.compile("HA-?Proxy version (\\d+)\\.(\\d+)");
  private static final Duration CLI_TIMEOUT = Duration.ofSeconds(10);
  /** A HAProxy that ran at least this long before stopping is restarted after the shortest backoff again. */
  private static final Duration STABLE_RUN = Duration.ofSeconds(30);
  private static final List<Path> SBIN = List.of(Path.of("/usr/sbin"), Path.of("/usr/local/sbin"));
  /** HAProxy's largest server weight. */
  private static final int MAX_WEIGHT = 256;

  private final AgentSettings settings;
  private final Clock clock;
  private final Path configFile;
  private final Path candidateFile;
  private final Path masterSocket;
  private final Path pidFile;
  private final ScheduledExecutorService executor;
  private final AtomicLong configVersion = new AtomicLong();
  private final Object lifecycle = new Object();

  // confined to the executor thread
  private HaproxyMaster master;
  private ConfigText applied;
  private long lastAppliedVersion;
  private Optional<AgentStatus.Applied> lastApply = Optional.empty();
  private Optional<AgentStatus.Failure> lastError = Optional.empty();
  private AgentStatus.Counts counts = AgentStatus.Counts.NONE;
  private int restartAttempt;
  private boolean restartScheduled;
  private String lastPublished = "";

  // set by start and close
  private volatile boolean started;
  private volatile boolean closed;
  private volatile boolean binaryPresent;
  private volatile String configurationKey = "";
  private volatile AgentStatus status;
  private Coalescer<Optional<Versioned>> coalescer;
  private Watch watch;
  private SyslogReceiver syslog;
  private HealthServer health;
  private Validator validator;

  public GatewayAgent(AgentSettings settings) {
    this(settings, Clock.systemUTC());
  }

  GatewayAgent(AgentSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    Path dir = settings.workDirectory();
    this.configFile = dir.resolve("haproxy.cfg");
    this.candidateFile = dir.resolve("haproxy.cfg.new");
    this.masterSocket = dir.resolve("master.sock");
    this.pidFile = dir.resolve("haproxy.pid");
    this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "vamp-agent");
      thread.setDaemon(true);
      return thread;
    });
    this.status = new AgentStatus(settings.agentId(), settings.namespace(), "", AgentStatus.Phase.WAITING,
        OptionalLong.empty(), 0, 0, Optional.empty(), Optional.empty(), AgentStatus.Counts.NONE,
        AgentStatus.RequestLogCounts.NONE);
  }

  /**
   * The HAProxy binary: the first {@code haproxy} on PATH, else in /usr/sbin or /usr/local/sbin (where
   * Debian puts it, often off a user's PATH).
   */
  public static Optional<Path> findHaproxy() {
    return findHaproxy(System.getenv("PATH"), SBIN);
  }

  static Optional<Path> findHaproxy(String pathVariable, List<Path> fallbacks) {
    List<Path> directories = new ArrayList<>();
    if (pathVariable != null) {
      for (String entry : pathVariable.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          directories.add(Path.of(entry));
        }
      }
    }
    directories.addAll(fallbacks);
    return directories.stream().map(dir -> dir.resolve("haproxy"))
        .filter(file -> Files.isRegularFile(file) && Files.isExecutable(file))
        .findFirst();
  }

  /** Major.minor of {@code haproxy -v}, e.g. {@code 2.6}. */
  public static Optional<String> haproxyVersion(Path binary) {
    try {
      Process process = new ProcessBuilder(binary.toString(), "-v").redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return Optional.empty();
      }
      Matcher matcher = VERSION.matcher(output);
      return matcher.find() ? Optional.of(matcher.group(1) + "." + matcher.group(2)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /**
   * Opens {@code /health} and the syslog port and starts watching. HAProxy starts with the first
   * configuration. A missing HAProxy binary is reported, not thrown.
   *
   * @throws AgentException when the work directory, the health port or the syslog port cannot be had
   */
  public void start() {
    synchronized (lifecycle) {
      if (started || closed) {
        throw new IllegalStateException("a gateway agent starts once");
      }
      started = true;
      try {
        Files.createDirectories(settings.workDirectory());
      } catch (IOException e) {
        throw new AgentException("cannot create the work directory " + settings.workDirectory() + ": " + e, e);
      }
      binaryPresent = Files.isRegularFile(settings.haproxy()) && Files.isExecutable(settings.haproxy());
      String version = settings.haproxyVersion()
          .or(() -> binaryPresent ? haproxyVersion(settings.haproxy()) : Optional.empty())
          .orElse(DEFAULT_HAPROXY_VERSION);
      configurationKey = AgentKeys.configuration(settings.namespace(), version);
      validator = new Validator(settings.haproxy(), settings.timing().validateTimeout());
      try {
        syslog = SyslogReceiver.start(settings.syslogPort(), settings.requestLogs(), clock);
        health = HealthServer.start(settings.healthAddress(), settings.healthPort(), this::status,
            settings.metrics());
      } catch (AgentException e) {
        closeQuietly(syslog);
        closeQuietly(health);
        throw e;
      }
      if (!binaryPresent) {
        LOG.warn("{} binary={}", HAPROXY_MISSING, settings.haproxy());
        lastError = Optional.of(new AgentStatus.Failure(0, HAPROXY_MISSING, clock.instant()));
      }
      coalescer = new Coalescer<>(executor, settings.timing().debounce(), settings.timing().maxDelay(), this::apply);
      executor.execute(this::publish);
      watch = settings.store().watch(configurationKey, false, (key, value) -> changed(value));
      LOG.info("gateway agent started agent={} namespace={} key={} haproxy={} haproxy_version={} dir={} health={}"
              + " syslog={}", settings.agentId(), settings.namespace(), configurationKey, settings.haproxy(), version,
          settings.workDirectory(), health.address(), syslog.address());
    }
  }

  /** The agent's status now (what {@code /health} shows). */
  public AgentStatus status() {
    SyslogReceiver receiver = syslog;
    if (receiver == null) {
      return status;
    }
    SyslogReceiver.Counts c = receiver.counts();
    return status.withRequestLogs(new AgentStatus.RequestLogCounts(c.requestLogs(), c.dropped(), c.malformed(),
        c.events()));
  }

  /** The key this agent watches (known once started). */
  public String configurationKey() {
    return configurationKey;
  }

  public String statusKey() {
    return AgentKeys.status(settings.namespace(), settings.agentId());
  }

  /** Where {@code /health} listens (once started). */
  public InetSocketAddress healthAddress() {
    return health.address();
  }

  /** Where request logs are received (once started). */
  public InetSocketAddress syslogAddress() {
    return syslog.address();
  }

  /** The configuration file HAProxy runs from. */
  public Path configFile() {
    return configFile;
  }

  /** HAProxy's master socket. */
  public Path masterSocket() {
    return masterSocket;
  }

  /** HAProxy's processes as its master lists them, when it runs. */
  public Optional<HaproxyProcesses> processes() {
    try {
      return Optional.of(HaproxyProcesses.parse(SocketCli.command(UnixDomainSocketAddress.of(masterSocket),
          "show proc", CLI_TIMEOUT)));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Stops watching, stops HAProxy, closes {@code /health} and the syslog port, removes the status key. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (watch != null) {
        closeQuietly(watch);
      }
      if (started) {
        try {
          executor.submit(this::stopHaproxy).get(settings.timing().stopGrace().multipliedBy(3).toMillis()
              + settings.timing().reloadTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
          LOG.warn("stopping haproxy did not finish error={}", e.toString());
        }
      }
      executor.shutdownNow();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(health);
      closeQuietly(syslog);
      if (started) {
        try {
          settings.store().delete(statusKey());
        } catch (RuntimeException e) {
          LOG.debug("status key not removed error={}", e.toString());
        }
      }
      status = new AgentStatus(status.agent(), status.namespace(), status.configurationKey(), AgentStatus.Phase.STOPPED,
          OptionalLong.empty(), status.configVersion(), status.lastAppliedVersion(), status.lastApply(),
          status.lastError(), status.counts(), status.requestLogs());
      LOG.info("gateway agent stopped agent={}", settings.agentId());
    }
  }

  // ---- on the watch's thread

  private void changed(Optional<Versioned> value) {
    value.ifPresent(v -> configVersion.accumulateAndGet(v.version(), Math::max));
    try {
      coalescer.offer(value);
    } catch (RejectedExecutionException e) {
      // closing
    }
  }

  // ---- on the agent's thread

  private void apply(Optional<Versioned> value) {
    if (closed) {
      return;
    }
    if (value.isEmpty()) {
      if (lastAppliedVersion == 0) {
        LOG.info("waiting for a configuration key={}", configurationKey);
      } else {
        LOG.warn("configuration key deleted; haproxy keeps its configuration key={} serving_version={}",
            configurationKey, lastAppliedVersion);
      }
      publish();
      return;
    }
    Versioned next = value.get();
    if (next.version() < lastAppliedVersion) {
      LOG.debug("older configuration ignored version={} applied={}", next.version(), lastAppliedVersion);
      return;
    }
    long started = System.nanoTime();
    counts = new AgentStatus.Counts(counts.applies() + 1, counts.refused(), counts.reloads(), counts.failedReloads(),
        counts.runtimeUpdates(), counts.restarts());
    if (!binaryPresent) {
      fail(next, HAPROXY_MISSING, false);
      return;
    }
    boolean running = master != null && master.isRunning();
    if (running && applied != null && applied.text().equals(next.value())) {
      applied(next, applied, AgentStatus.How.UNCHANGED, Duration.ZERO, 0, started);
      return;
    }
    ConfigText config = ConfigText.parse(next.value());
    ConfigChange change = running && applied != null ? ConfigChange.between(applied, config)
        : new ConfigChange.Reload(running ? "first configuration" : "haproxy not running");
    try {
      writeDurably(candidateFile, next.value());
    } catch (IOException e) {
      fail(next, "cannot write " + candidateFile + ": " + e.getMessage(), true);
      return;
    }
    // A weights-only change is the running text, which passed the check, with other numbers where
    // HAProxy accepts any number from 0 to 256: it cannot fail the check, so it is not run (on a large
    // configuration it costs more than everything else on this path). HAProxy's runtime API checks
    // each weight again; if it refuses one, the text is checked before the reload that follows.
    boolean provenValid = change instanceof ConfigChange.WeightsOnly && config.weights().values().stream()
        .allMatch(weight -> weight >= 0 && weight <= MAX_WEIGHT);
    Validator.Verdict verdict = provenValid ? Validator.Verdict.SKIPPED : validator.check(candidateFile);
    if (!verdict.valid()) {
      refused(next, verdict);
      return;
    }
    try {
      createDirectories(config);
    } catch (IOException e) {
      fail(next, "cannot create the directories the configuration needs: " + e.getMessage(), true);
      return;
    }
    long haproxyStarted = System.nanoTime();
    if (change instanceof ConfigChange.WeightsOnly weights) {
      Optional<String> problem = setWeights(weights.commands());
      if (problem.isEmpty()) {
        if (swap(next)) {
          counts = new AgentStatus.Counts(counts.applies(), counts.refused(), counts.reloads(), counts.failedReloads(),
              counts.runtimeUpdates() + 1, counts.restarts());
          applied(next, config, AgentStatus.How.RUNTIME, verdict.took(), haproxyStarted, started);
        }
        return;
      }
      LOG.warn("runtime weight change failed, reloading instead version={} error={}", next.version(), problem.get());
      change = new ConfigChange.Reload("runtime API refused: " + problem.get());
      if (verdict == Validator.Verdict.SKIPPED) {
        verdict = validator.check(candidateFile);
        if (!verdict.valid()) {
          refused(next, verdict);
          return;
        }
      }
    }
    if (change instanceof ConfigChange.Unchanged) {
      if (swap(next)) {
        applied(next, config, AgentStatus.How.UNCHANGED, verdict.took(), haproxyStarted, started);
      }
      return;
    }
    if (!running) {
      haproxyStarted = System.nanoTime();
      writeServerState(config, existingServerState(config));
      if (!swap(next)) {
        return;
      }
      try {
        startHaproxy();
        applied(next, config, AgentStatus.How.START, verdict.took(), haproxyStarted, started);
      } catch (AgentException e) {
        applied = config; // the file holds it: a restart retries it
        fail(next, e.getMessage(), true);
        scheduleRestart();
      }
      return;
    }
    haproxyStarted = System.nanoTime();
    writeServerState(config, dumpServerState());
    if (!swap(next)) {
      return;
    }
    HaproxyMaster.Reloaded reloaded = master.reload(settings.reloadStrategy(), settings.timing().reloadTimeout());
    if (reloaded instanceof HaproxyMaster.Reloaded.Done) {
      counts = new AgentStatus.Counts(counts.applies(), counts.refused(), counts.reloads() + 1, counts.failedReloads(),
          counts.runtimeUpdates(), counts.restarts());
      applied(next, config, AgentStatus.How.RELOAD, verdict.took(), haproxyStarted, started);
      return;
    }
    String message = ((HaproxyMaster.Reloaded.Failed) reloaded).message();
    counts = new AgentStatus.Counts(counts.applies(), counts.refused(), counts.reloads(), counts.failedReloads() + 1,
        counts.runtimeUpdates(), counts.restarts());
    try {
      // the file goes back to what the workers run, so that a restart starts from it
      writeDurably(candidateFile, applied.text());
      Files.move(candidateFile, configFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.error("cannot restore the running configuration file={} error={}", configFile, e.toString());
    }
    fail(next, "HAProxy did not load version " + next.version() + " (the previous workers keep serving): " + message,
        true);
  }

  private void refused(Versioned next, Validator.Verdict verdict) {
    counts = new AgentStatus.Counts(counts.applies(), counts.refused() + 1, counts.reloads(), counts.failedReloads(),
        counts.runtimeUpdates(), counts.restarts());
    deleteQuietly(candidateFile);
    fail(next, "haproxy -c refused version " + next.version() + ": " + verdict.message(), true);
  }

  private Optional<String> setWeights(List<String> commands) {
    Optional<SocketAddress> socket = applied.adminSocket();
    if (socket.isEmpty()) {
      return Optional.of("the configuration has no 'stats socket ... level admin'");
    }
    try {
      List<String> errors = RuntimeApi.run(socket.get(), commands, CLI_TIMEOUT);
      if (errors.isEmpty()) {
        LOG.debug("weights set through the runtime API commands={}", commands.size());
        return Optional.empty();
      }
      return Optional.of(String.join("; ", errors.subList(0, Math.min(5, errors.size()))));
    } catch (IOException e) {
      return Optional.of("stats socket " + socket.get() + ": " + e.getMessage());
    }
  }

  /** The running servers' states, read just before a reload so that the new workers keep them. */
  private Optional<String> dumpServerState() {
    if (applied == null || applied.adminSocket().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(RuntimeApi.serversState(applied.adminSocket().get(), CLI_TIMEOUT));
    } catch (IOException e) {
      LOG.warn("server states not saved before the reload error={}", e.toString());
      return Optional.empty();
    }
  }

  /** What a previous run left in the state file, for a start. */
  private static Optional<String> existingServerState(ConfigText config) {
    return config.serverStateFile().filter(Files::isRegularFile).flatMap(file -> {
      try {
        return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
      } catch (IOException e) {
        return Optional.empty();
      }
    });
  }

  /** Writes the state file HAProxy will read, with the configuration's weights (see {@link ServerStateFile}). */
  private void writeServerState(ConfigText config, Optional<String> state) {
    if (config.serverStateFile().isEmpty()) {
      return;
    }
    Path file = config.serverStateFile().get();
    try {
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      writeDurably(temporary, ServerStateFile.withWeights(state.orElse(ServerStateFile.EMPTY), config.weights()));
      moveAtomically(temporary, file);
    } catch (IOException e) {
      LOG.warn("server state file not written file={} error={}", file, e.toString());
    }
  }

  /** Moves the checked candidate over the configuration file, atomically. */
  private boolean swap(Versioned next) {
    try {
      moveAtomically(candidateFile, configFile);
      return true;
    } catch (IOException e) {
      fail(next, "cannot replace " + configFile + ": " + e.getMessage(), true);
      return false;
    }
  }

  private void startHaproxy() {
    HaproxyMaster started = HaproxyMaster.start(settings.haproxy(), configFile, masterSocket, pidFile,
        settings.timing().startTimeout());
    master = started;
    started.onExit().thenRun(() -> {
      try {
        executor.execute(() -> exited(started));
      } catch (RejectedExecutionException e) {
        // closing
      }
    });
    LOG.info("haproxy started pid={} config={}", started.pid(), configFile);
  }

  private void exited(HaproxyMaster stopped) {
    if (closed || stopped != master) {
      return;
    }
    Duration lived = Duration.between(stopped.startedAt(), Instant.now());
    if (lived.compareTo(STABLE_RUN) >= 0) {
      restartAttempt = 0;
    }
    LOG.warn("haproxy stopped unexpectedly pid={} exit_code={} ran_ms={} last_output={}", stopped.pid(),
        stopped.exitCode().map(String::valueOf).orElse("?"), lived.toMillis(),
        String.join(" | ", stopped.outputTail(3)));
    scheduleRestart();
  }

  private void scheduleRestart() {
    if (closed || restartScheduled) {
      return;
    }
    restartAttempt++;
    Duration first = settings.timing().restartBackoff();
    Duration max = settings.timing().maxRestartBackoff();
    Duration delay = first.multipliedBy(1L << Math.min(20, restartAttempt - 1));
    if (delay.compareTo(max) > 0) {
      delay = max;
    }
    restartScheduled = true;
    publish();
    LOG.info("haproxy restart scheduled attempt={} in_ms={}", restartAttempt, delay.toMillis());
    executor.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void restart() {
    restartScheduled = false;
    if (closed || (master != null && master.isRunning()) || !Files.isRegularFile(configFile)) {
      return;
    }
    counts = new AgentStatus.Counts(counts.applies(), counts.refused(), counts.reloads(), counts.failedReloads(),
        counts.runtimeUpdates(), counts.restarts() + 1);
    try {
      ConfigText config = applied != null ? applied : ConfigText.parse(Files.readString(configFile));
      createDirectories(config);
      writeServerState(config, existingServerState(config));
      startHaproxy();
      LOG.info("haproxy restarted pid={} attempt={}", master.pid(), restartAttempt);
      publish();
    } catch (IOException | AgentException e) {
      LOG.warn("haproxy restart failed attempt={} error={}", restartAttempt, e.getMessage());
      scheduleRestart();
    }
  }

  private void stopHaproxy() {
    HaproxyMaster running = master;
    master = null;
    if (running != null && running.isRunning()) {
      LOG.info("stopping haproxy pid={}", running.pid());
      running.stop(settings.timing().stopGrace());
    }
  }

  private void applied(Versioned version, ConfigText config, AgentStatus.How how, Duration validation,
      long haproxyStarted, long started) {
    applied = config;
    lastAppliedVersion = version.version();
    long now = System.nanoTime();
    long total = Duration.ofNanos(now - started).toMillis();
    long haproxy = haproxyStarted == 0 ? 0 : Duration.ofNanos(now - haproxyStarted).toMillis();
    lastApply = Optional.of(new AgentStatus.Applied(version.version(), how, validation.toMillis(), haproxy, total,
        clock.instant()));
    lastError = Optional.empty();
    if (how != AgentStatus.How.UNCHANGED) {
      restartAttempt = how == AgentStatus.How.START ? 0 : restartAttempt;
      LOG.info("configuration applied version={} how={} validate_ms={} haproxy_ms={} total_ms={}", version.version(),
          how, validation.toMillis(), haproxy, total);
    }
    publish();
  }

  private void fail(Versioned version, String message, boolean log) {
    lastError = Optional.of(new AgentStatus.Failure(version.version(), message, clock.instant()));
    if (log) {
      LOG.warn("configuration not applied version={} serving_version={} reason={}", version.version(),
          lastAppliedVersion, message);
    }
    publish();
  }

  /** Refreshes the status and writes it to the status key when it changed. */
  private void publish() {
    boolean running = master != null && master.isRunning();
    AgentStatus.Phase phase;
    if (closed) {
      phase = AgentStatus.Phase.STOPPED;
    } else if (!binaryPresent) {
      phase = AgentStatus.Phase.NO_HAPROXY;
    } else if (running) {
      phase = AgentStatus.Phase.SERVING;
    } else if (restartScheduled || master != null) {
      phase = AgentStatus.Phase.RESTARTING;
    } else {
      phase = AgentStatus.Phase.WAITING;
    }
    status = new AgentStatus(settings.agentId(), settings.namespace(), configurationKey, phase,
        running ? OptionalLong.of(master.pid()) : OptionalLong.empty(), configVersion.get(), lastAppliedVersion,
        lastApply, lastError, counts, AgentStatus.RequestLogCounts.NONE);
    String json = status.toJson();
    if (json.equals(lastPublished) || closed) {
      return;
    }
    try {
      settings.store().putEphemeral(statusKey(), json, settings.statusTtl());
      lastPublished = json;
    } catch (RuntimeException e) {
      LOG.warn("status not written to the store key={} error={}", statusKey(), e.toString());
    }
  }

  /** The parents of the unix sockets and of the server-state file the configuration names. */
  private static void createDirectories(ConfigText config) throws IOException {
    List<Path> files = new ArrayList<>(config.unixSockets());
    config.serverStateFile().ifPresent(files::add);
    for (Path file : files) {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null && !Files.isDirectory(parent)) {
        Files.createDirectories(parent);
      }
    }
  }

  static void writeDurably(Path file, String text) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
  }

  private static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + to.getParent() + " cannot replace files atomically", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover candidate is overwritten next time
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("close failed error={}", e.toString());
    }
  }
}
