package io.vamp.driver.local;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Runs workloads as supervised local processes, one per instance: the embedded default scheduler.
 *
 * <p>Each instance is a process group started with {@code /bin/sh -c <command>}, with its own ports
 * from the configured range, its output in a bounded log file, restarted with backoff when it dies,
 * and health-checked (the workload's HTTP checks, else a TCP connect to its first port). A small state
 * file per workload under {@code <data>/local/<namespace>/} lets a later scheduler of the same
 * namespace adopt the processes that still run instead of starting them twice.
 *
 * <p>{@link #deploy} returns at once; an update starts the new digest's instances beside the old ones,
 * which are unlisted once the new ones are all ready (or after {@code rollout-timeout}) and stopped
 * after {@code drain}. {@link #close()} stops supervising but leaves every process running, so the
 * daemon can restart without taking the services down; {@link #stopAll()} stops them too.
 */
public final class LocalScheduler implements Scheduler {

  private static final System.Logger LOG = System.getLogger(LocalScheduler.class.getName());
  /** Log sizes are checked every ten supervision rounds, at least every five seconds. */
  private static final Duration LOG_CHECK_MAX = Duration.ofSeconds(5);
  private static final Duration STABLE_AFTER = Duration.ofSeconds(10);
  private static final AtomicInteger SCHEDULERS = new AtomicInteger();

  private final String namespace;
  private final LocalSettings settings;
  private final Path localRoot;
  private final Path namespaceDirectory;
  private final OsProcesses os = new OsProcesses();
  private final PortAllocator ports;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private final Map<WorkloadId, WorkloadRuntime> workloads = new TreeMap<>();
  private final Set<WorkloadId> removing = new HashSet<>();
  private final ScheduledExecutorService supervisor;
  private final ThreadPoolExecutor probes;
  private final ExecutorService stopper;
  private long nextLogCheckMillis;
  private boolean closed;

  public LocalScheduler(DriverConfig config) {
    this.namespace = config.namespace();
    this.settings = LocalSettings.from(config);
    this.localRoot = config.dataDirectory().resolve("local").toAbsolutePath();
    this.namespaceDirectory = localRoot.resolve(SafeNames.of(namespace));
    this.ports = new PortAllocator(settings.host(), settings.firstPort(), settings.lastPort());
    try {
      Files.createDirectories(namespaceDirectory);
      this.lockChannel = FileChannel.open(namespaceDirectory.resolve(".lock"),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new DriverException("local scheduler: cannot use data directory " + namespaceDirectory, e, false);
    }
    this.lock = tryLock();
    int n = SCHEDULERS.incrementAndGet();
    this.supervisor = Executors.newSingleThreadScheduledExecutor(daemonThreads("vamp-local-supervisor-" + n));
    this.probes = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        daemonThreads("vamp-local-probe-" + n));
    this.probes.allowCoreThreadTimeOut(true);
    this.stopper = Executors.newCachedThreadPool(daemonThreads("vamp-local-stop-" + n));
    try {
      adopt();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    long every = Math.max(20, settings.supervisionInterval().toMillis());
    supervisor.scheduleWithFixedDelay(this::superviseSafely, 0, every, TimeUnit.MILLISECONDS);
  }

  private FileLock tryLock() {
    try {
      FileLock acquired = lockChannel.tryLock();
      if (acquired == null) {
        throw new DriverException("local scheduler: another process supervises namespace '" + namespace
            + "' in " + namespaceDirectory, true);
      }
      return acquired;
    } catch (OverlappingFileLockException e) {
      closeQuietly();
      throw new DriverException("local scheduler: another scheduler in this JVM supervises namespace '"
          + namespace + "' in " + namespaceDirectory, true);
    } catch (IOException e) {
      closeQuietly();
      throw new DriverException("local scheduler: cannot lock " + namespaceDirectory, e, true);
    }
  }

  private void closeQuietly() {
    try {
      lockChannel.close();
    } catch (IOException ignored) {
      // nothing held
    }
  }

  // --- Scheduler ----------------------------------------------------------------------------------

  @Override
  public synchronized List<ObservedWorkload> observe() {
    checkOpen();
    return workloads.values().stream().map(this::observed).toList();
  }

  @Override
  public synchronized Optional<ObservedWorkload> observe(WorkloadId id) {
    checkOpen();
    return Optional.ofNullable(workloads.get(id)).map(this::observed);
  }

  @Override
  public void deploy(Workload workload) {
    LaunchSpec spec = LaunchSpec.of(workload);
    Path directory = namespaceDirectory.resolve(SafeNames.of(workload.id()));
    spec.workingDirectory().ifPresent(dir -> {
      if (!Files.isDirectory(settings.workingDirectory().resolve(dir))) {
        throw new DriverException("workload " + workload.id() + ": working_directory "
            + settings.workingDirectory().resolve(dir) + " is not a directory", false);
      }
    });
    synchronized (this) {
      checkOpen();
      awaitNotRemoving(workload.id());
      WorkloadRuntime runtime = workloads.get(workload.id());
      long now = System.currentTimeMillis();
      if (runtime == null) {
        createDirectory(directory);
        runtime = new WorkloadRuntime(workload.id(), directory, spec, Instant.ofEpochMilli(now));
        workloads.put(workload.id(), runtime);
        LOG.log(Level.INFO, () -> "event=workload-created " + fields(workload.id()) + " digest=" + spec.digest()
            + " instances=" + spec.instances());
      } else if (runtime.target.digest().equals(spec.digest())) {
        LOG.log(Level.DEBUG, () -> "event=workload-unchanged " + fields(workload.id()) + " digest=" + spec.digest());
      } else {
        String from = runtime.target.digest();
        runtime.target = spec;
        runtime.targetSince = Instant.ofEpochMilli(now);
        LOG.log(Level.INFO, () -> "event=workload-updating " + fields(workload.id()) + " from=" + from
            + " to=" + spec.digest() + " instances=" + spec.instances());
      }
      try {
        fillTarget(runtime, now);
      } finally {
        persist(runtime);
      }
    }
  }

  @Override
  public void remove(WorkloadId id) {
    WorkloadRuntime runtime;
    synchronized (this) {
      checkOpen();
      awaitNotRemoving(id);
      runtime = workloads.remove(id);
      if (runtime == null) {
        return;
      }
      removing.add(id);
      persist(runtime, true);
      LOG.log(Level.INFO, () -> "event=workload-removing " + fields(id));
    }
    try {
      stopEverything(runtime);
    } finally {
      synchronized (this) {
        removing.remove(id);
        notifyAll();
      }
    }
    LOG.log(Level.INFO, () -> "event=workload-removed " + fields(id));
  }

  /** Stops supervising. Every process keeps running; a later scheduler of this namespace adopts them. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      notifyAll();
    }
    supervisor.shutdownNow();
    probes.shutdownNow();
    stopper.shutdownNow();
    try {
      supervisor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      lock.release();
    } catch (IOException ignored) {
      // released with the channel
    }
    closeQuietly();
  }

  /** Stops and removes every workload of this namespace, processes included (for tests and uninstalls). */
  public void stopAll() {
    List<WorkloadId> ids;
    synchronized (this) {
      checkOpen();
      ids = List.copyOf(workloads.keySet());
    }
    ids.forEach(this::remove);
  }

  /** The log file of an instance, for people and tests: {@code <data>/local/<namespace>/<workload>/<instance>.log}. */
  public Path logFile(WorkloadId id, String instance) {
    return LogFiles.of(namespaceDirectory.resolve(SafeNames.of(id)), instance);
  }

  /** The pid (and process group) of a running instance, if it runs. */
  public synchronized Optional<Long> pid(WorkloadId id, String instance) {
    return Optional.ofNullable(workloads.get(id)).flatMap(w -> w.instances.stream()
        .filter(i -> i.name.equals(instance) && i.running()).findFirst()).map(i -> i.pid);
  }

  @Override
  public String toString() {
    return "LocalScheduler[namespace=" + namespace + ", directory=" + namespaceDirectory + "]";
  }

  // --- what is observed ---------------------------------------------------------------------------

  private ObservedWorkload observed(WorkloadRuntime runtime) {
    List<Instance> instances = runtime.instances.stream()
        .filter(i -> !i.retired())
        .sorted(Comparator.comparing((InstanceRuntime i) -> i.name))
        .map(i -> new Instance(i.name, settings.host(), i.ports, i.ready(), Optional.of(i.digest)))
        .toList();
    return new ObservedWorkload(runtime.id, runtime.target.digest(), runtime.target.instances(), instances);
  }

  // --- deploying ----------------------------------------------------------------------------------

  /** Makes sure the target digest has its wanted instances, reviving retired ones of that digest first. */
  private void fillTarget(WorkloadRuntime runtime, long now) {
    LaunchSpec spec = runtime.target;
    Set<Integer> claimed = null;
    for (int index = 0; index < spec.instances(); index++) {
      int slot = index;
      Optional<InstanceRuntime> existing = runtime.instances.stream()
          .filter(i -> i.digest.equals(spec.digest()) && i.index == slot && !i.dropping).findFirst();
      if (existing.isPresent()) {
        InstanceRuntime instance = existing.get();
        if (instance.retired() && !instance.stopping) {
          instance.retireAt = Optional.empty();
          LOG.log(Level.INFO, () -> "event=instance-revived " + fields(runtime.id) + " instance=" + instance.name);
        }
        continue;
      }
      if (claimed == null) {
        claimed = portsClaimedOnDisk();
      }
      Set<Integer> onDisk = claimed;
      Map<String, Integer> assigned = new LinkedHashMap<>();
      try {
        for (String portName : spec.portNames()) {
          assigned.put(portName, ports.allocate(onDisk::contains));
        }
      } catch (IllegalStateException e) {
        assigned.values().forEach(ports::release);
        throw new DriverException("workload " + runtime.id + ": " + e.getMessage(), true);
      }
      InstanceRuntime instance = new InstanceRuntime(runtime.nextInstanceName(spec.digest(), index),
          spec.digest(), index, assigned);
      runtime.instances.add(instance);
      start(runtime, instance, now);
    }
  }

  private void start(WorkloadRuntime runtime, InstanceRuntime instance, long now) {
    LaunchSpec spec = runtime.target;
    Map<String, String> environment = environment(runtime, instance);
    // a dialect's working_directory is relative to the working-directory setting; without one, a command
    // runs in the working-directory setting when it is given (the daemon gives a local repository's
    // folder), else in the workload's own directory
    Path directory = spec.workingDirectory().map(d -> settings.workingDirectory().resolve(d))
        .orElse(settings.workingDirectoryGiven() ? settings.workingDirectory() : runtime.directory);
    Path log = LogFiles.of(runtime.directory, instance.name);
    LogFiles.appendNote(log, Instant.ofEpochMilli(now) + " starting instance " + instance.name + " of " + runtime.id
        + " (digest " + instance.digest + ", start " + (instance.incarnation + 1) + ")");
    instance.lastStartMillis = now;
    try {
      OsProcesses.Started started = os.start(spec.command(), directory, environment, log);
      instance.process = started.process();
      instance.pid = started.pid();
      instance.startedAt = started.startedAt();
      instance.grouped = started.grouped();
      instance.incarnation++;
      instance.resetChecks(spec.healthChecks(), now);
      LOG.log(Level.INFO, () -> "event=instance-started " + fields(runtime.id) + " instance=" + instance.name
          + " pid=" + instance.pid + " ports=" + instance.ports + " restarts=" + instance.restarts);
    } catch (IOException e) {
      LogFiles.appendNote(log, "could not start: " + e.getMessage());
      LOG.log(Level.WARNING, () -> "event=instance-start-failed " + fields(runtime.id) + " instance=" + instance.name
          + " error=\"" + e.getMessage() + "\"");
      instance.pid = 0;
      instance.nextStartMillis = now + backoff(instance.restarts++).toMillis();
    }
  }

  /** The daemon's inherited variables, the workload's, then the scheduler's own, which win. */
  private Map<String, String> environment(WorkloadRuntime runtime, InstanceRuntime instance) {
    Map<String, String> environment = new HashMap<>();
    Map<String, String> daemon = System.getenv();
    for (String name : settings.inheritEnvironment()) {
      if (daemon.containsKey(name)) {
        environment.put(name, daemon.get(name));
      }
    }
    environment.putAll(runtime.target.environment());
    List<Integer> numbers = new ArrayList<>(instance.ports.values());
    if (!numbers.isEmpty()) {
      environment.put("PORT", Integer.toString(numbers.get(0)));
    }
    instance.ports.forEach((name, port) -> environment.put(SafeNames.portVariable(name), Integer.toString(port)));
    environment.put("VAMP_WORKLOAD", runtime.id.toString());
    environment.put("VAMP_INSTANCE", instance.name);
    environment.put("VAMP_NAMESPACE", namespace);
    environment.put("VAMP_HOST", settings.host());
    return environment;
  }

  private Duration backoff(int restarts) {
    long base = Math.max(1, settings.restartBackoff().toMillis());
    long max = Math.max(base, settings.restartBackoffMax().toMillis());
    long delay = restarts >= 30 ? max : Math.min(max, base << restarts);
    return Duration.ofMillis(delay);
  }

  // --- supervising --------------------------------------------------------------------------------

  private void superviseSafely() {
    try {
      supervise();
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "event=supervision-failed namespace=" + namespace, e);
    }
  }

  private synchronized void supervise() {
    if (closed) {
      return;
    }
    long now = System.currentTimeMillis();
    for (WorkloadRuntime runtime : List.copyOf(workloads.values())) {
      boolean changed = false;
      for (InstanceRuntime instance : List.copyOf(runtime.instances)) {
        changed |= superviseInstance(runtime, instance, now);
      }
      changed |= advanceRollout(runtime, now);
      if (changed) {
        persist(runtime);
      }
    }
    if (now >= nextLogCheckMillis) {
      nextLogCheckMillis = now + Math.min(LOG_CHECK_MAX.toMillis(), 10 * settings.supervisionInterval().toMillis());
      rotateLogs();
    }
  }

  /** One instance's step: retire, notice a death, restart, or probe. Returns whether its record changed. */
  private boolean superviseInstance(WorkloadRuntime runtime, InstanceRuntime instance, long now) {
    if (instance.stopping) {
      return false;
    }
    if (instance.retired()) {
      if (now >= instance.retireAt.get().toEpochMilli()) {
        stopInBackground(runtime, instance, true);
      }
      return false;
    }
    boolean current = instance.digest.equals(runtime.target.digest());
    if (instance.running() && !alive(instance)) {
      long ran = now - instance.lastStartMillis;
      LOG.log(Level.WARNING, () -> "event=instance-died " + fields(runtime.id) + " instance=" + instance.name
          + " pid=" + instance.pid + " ran=" + ran + "ms" + exitCode(instance));
      LogFiles.appendNote(LogFiles.of(runtime.directory, instance.name),
          Instant.ofEpochMilli(now) + " the process exited" + exitCode(instance));
      if (ran >= Math.max(STABLE_AFTER.toMillis(), settings.restartBackoffMax().toMillis())) {
        instance.restarts = 0;
      }
      instance.nextStartMillis = now + backoff(instance.restarts).toMillis();
      instance.restarts++;
      // what it started may still hold its ports: clean the group up before a restart
      stopInBackground(runtime, instance, !current);
      return true;
    }
    if (!instance.running()) {
      if (current && now >= instance.nextStartMillis) {
        replaceTakenPorts(runtime, instance);
        start(runtime, instance, now);
        return true;
      }
      return false;
    }
    for (InstanceRuntime.Check check : instance.checks) {
      if (!check.inFlight && now >= check.nextProbeMillis) {
        probe(runtime, instance, check);
      }
    }
    return false;
  }

  /**
   * Before a restart: a port that something else now listens on (its own group was cleaned up, so it is
   * a stranger, maybe one that won the race for the port at the first start) is given up for a new one.
   */
  private void replaceTakenPorts(WorkloadRuntime runtime, InstanceRuntime instance) {
    Map<String, Integer> updated = new LinkedHashMap<>(instance.ports);
    Set<Integer> claimed = null;
    for (Map.Entry<String, Integer> port : instance.ports.entrySet()) {
      if (ports.bindable(port.getValue())) {
        continue;
      }
      if (claimed == null) {
        claimed = portsClaimedOnDisk();
      }
      Set<Integer> onDisk = claimed;
      try {
        int replacement = ports.allocate(onDisk::contains);
        ports.release(port.getValue());
        updated.put(port.getKey(), replacement);
        LOG.log(Level.WARNING, () -> "event=port-reassigned " + fields(runtime.id) + " instance=" + instance.name
            + " port=" + port.getKey() + " taken=" + port.getValue() + " new=" + replacement);
      } catch (IllegalStateException e) {
        LOG.log(Level.WARNING, () -> "event=port-taken " + fields(runtime.id) + " instance=" + instance.name
            + " port=" + port.getValue() + " error=\"" + e.getMessage() + "\"");
      }
    }
    instance.ports = Collections.unmodifiableMap(updated);
  }

  private static String exitCode(InstanceRuntime instance) {
    if (instance.process != null && !instance.process.isAlive()) {
      return " exit=" + instance.process.exitValue();
    }
    return "";
  }

  private boolean alive(InstanceRuntime instance) {
    if (instance.process != null) {
      return instance.process.isAlive();
    }
    return os.isAlive(instance.pid, instance.startedAt);
  }

  /** Retires older digests once the target's instances are all ready, or when the rollout times out. */
  private boolean advanceRollout(WorkloadRuntime runtime, long now) {
    List<InstanceRuntime> older = runtime.instances.stream()
        .filter(i -> !i.retired() && !i.stopping && !i.digest.equals(runtime.target.digest())).toList();
    if (older.isEmpty()) {
      return false;
    }
    List<InstanceRuntime> current = runtime.current();
    long ready = current.stream().filter(InstanceRuntime::ready).count();
    boolean complete = ready >= runtime.target.instances();
    boolean timedOut = now - runtime.targetSince.toEpochMilli() > settings.rolloutTimeout().toMillis();
    if (!complete && !timedOut) {
      return false;
    }
    Instant stopAt = Instant.ofEpochMilli(now + settings.drain().toMillis());
    for (InstanceRuntime instance : older) {
      instance.retireAt = Optional.of(stopAt);
    }
    if (complete) {
      LOG.log(Level.INFO, () -> "event=rollout-complete " + fields(runtime.id) + " digest=" + runtime.target.digest()
          + " retired=" + older.size() + " stop-after=" + settings.drain().toMillis() + "ms");
    } else {
      LOG.log(Level.WARNING, () -> "event=rollout-timed-out " + fields(runtime.id) + " digest="
          + runtime.target.digest() + " ready=" + ready + "/" + runtime.target.instances() + " retired=" + older.size());
    }
    return true;
  }

  private void probe(WorkloadRuntime runtime, InstanceRuntime instance, InstanceRuntime.Check check) {
    check.inFlight = true;
    int incarnation = instance.incarnation;
    String host = settings.host();
    try {
      probes.execute(() -> {
        boolean ok = check.declared
            .filter(h -> h.protocol().equalsIgnoreCase("http"))
            .map(h -> Probes.http(host, check.port, h.path(), check.timeout()))
            .orElseGet(() -> Probes.tcp(host, check.port, check.timeout()));
        synchronized (this) {
          check.inFlight = false;
          if (closed || instance.incarnation != incarnation || !instance.running()) {
            return;
          }
          boolean wasReady = instance.ready();
          check.record(ok, System.currentTimeMillis());
          boolean isReady = instance.ready();
          if (wasReady != isReady) {
            LOG.log(Level.INFO, () -> "event=instance-" + (isReady ? "ready" : "unready") + " " + fields(runtime.id)
                + " instance=" + instance.name);
          }
        }
      });
    } catch (RejectedExecutionException e) {
      check.inFlight = false;
    }
  }

  /**
   * Stops an instance's process group on the stopper thread (or, if it died, cleans up what it left).
   * The instance stops counting as running at once. When {@code drop}, it leaves the workload
   * afterwards (retired, or of an older digest); otherwise it waits for its restart.
   */
  private void stopInBackground(WorkloadRuntime runtime, InstanceRuntime instance, boolean drop) {
    long pid = instance.pid;
    boolean grouped = instance.grouped;
    boolean alive = instance.running() && alive(instance);
    instance.stopping = true;
    instance.dropping = drop;
    instance.stoppingPid = pid;
    instance.pid = 0;
    instance.process = null;
    instance.checks.clear();
    try {
      stopper.execute(() -> {
        if (alive) {
          os.stop(pid, grouped, settings.stopTimeout());
        } else {
          os.cleanUpAfterDeath(pid, grouped);
        }
        synchronized (this) {
          instance.stopping = false;
          if (closed || workloads.get(runtime.id) != runtime) {
            return;
          }
          if (drop) {
            runtime.instances.remove(instance);
            instance.ports.values().forEach(ports::release);
            LogFiles.delete(runtime.directory, instance.name);
            LOG.log(Level.INFO, () -> "event=instance-stopped " + fields(runtime.id) + " instance=" + instance.name);
          }
          persist(runtime);
        }
      });
    } catch (RejectedExecutionException e) {
      instance.stopping = false;
    }
  }

  /** Stops every process of a workload being removed, then deletes its directory. */
  private void stopEverything(WorkloadRuntime runtime) {
    List<InstanceRuntime> instances;
    synchronized (this) {
      instances = List.copyOf(runtime.instances);
    }
    List<Thread> stops = new ArrayList<>();
    for (InstanceRuntime instance : instances) {
      long pid;
      boolean grouped;
      boolean alive;
      synchronized (this) {
        // a stop already under way (a retirement) is made sure of here too: remove returns when all is gone
        pid = instance.stopping ? instance.stoppingPid : instance.pid;
        grouped = instance.grouped;
        alive = instance.stopping ? os.isAlive(pid, instance.startedAt) : instance.running() && alive(instance);
        instance.pid = 0;
        instance.process = null;
      }
      if (pid > 0) {
        Runnable work = alive
            ? () -> os.stop(pid, grouped, settings.stopTimeout())
            : () -> os.cleanUpAfterDeath(pid, grouped);
        Thread stop = new Thread(work, "vamp-local-remove-" + instance.name);
        stop.setDaemon(true);
        stop.start();
        stops.add(stop);
      }
    }
    for (Thread stop : stops) {
      try {
        stop.join(settings.stopTimeout().toMillis() + 10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException("interrupted while removing " + runtime.id, e, true);
      }
    }
    synchronized (this) {
      instances.forEach(i -> i.ports.values().forEach(ports::release));
    }
    deleteDirectory(runtime.directory);
  }

  private void rotateLogs() {
    for (WorkloadRuntime runtime : workloads.values()) {
      for (InstanceRuntime instance : runtime.instances) {
        try {
          if (LogFiles.rotateIfLarger(LogFiles.of(runtime.directory, instance.name), settings.logMaxBytes())) {
            LOG.log(Level.DEBUG, () -> "event=log-rotated " + fields(runtime.id) + " instance=" + instance.name);
          }
        } catch (IOException e) {
          LOG.log(Level.WARNING, () -> "event=log-rotation-failed " + fields(runtime.id) + " instance="
              + instance.name + " error=\"" + e.getMessage() + "\"");
        }
      }
    }
  }

  // --- adopting what a previous scheduler left running -------------------------------------------

  private void adopt() {
    List<Path> directories;
    try (Stream<Path> list = Files.list(namespaceDirectory)) {
      directories = list.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new DriverException("local scheduler: cannot read " + namespaceDirectory, e, true);
    }
    long now = System.currentTimeMillis();
    for (Path directory : directories) {
      Path file = directory.resolve(StateFile.NAME);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      StateFile.WorkloadState state;
      try {
        state = StateFile.read(file);
      } catch (IOException e) {
        LOG.log(Level.ERROR, () -> "event=state-unreadable namespace=" + namespace + " file=" + file
            + " error=\"" + e.getMessage() + "\"");
        continue;
      }
      if (!state.namespace().equals(namespace)) {
        continue;
      }
      WorkloadRuntime runtime = new WorkloadRuntime(state.target().id(), directory, state.target(), state.targetSince());
      int adopted = 0;
      for (StateFile.InstanceState recorded : state.instances()) {
        InstanceRuntime instance = new InstanceRuntime(recorded.name(), recorded.digest(), recorded.index(),
            recorded.ports());
        instance.ports.values().forEach(ports::reserve);
        instance.grouped = recorded.grouped();
        instance.retireAt = recorded.retireAt();
        instance.lastStartMillis = recorded.startedAt().map(Instant::toEpochMilli).orElse(now);
        if (recorded.pid() > 0) {
          instance.pid = recorded.pid();
          instance.startedAt = recorded.startedAt();
          if (os.isAlive(recorded.pid(), recorded.startedAt())) {
            instance.incarnation = 1;
            instance.resetChecks(state.target().digest().equals(recorded.digest())
                ? state.target().healthChecks() : List.of(), now);
            adopted++;
          } else {
            // it died while nobody watched: supervise() notices and restarts it (or drops an old one)
            instance.process = null;
          }
        }
        runtime.instances.add(instance);
      }
      if (state.removing()) {
        LOG.log(Level.INFO, () -> "event=workload-removal-resumed " + fields(runtime.id));
        stopEverything(runtime);
        continue;
      }
      workloads.put(runtime.id, runtime);
      int count = adopted;
      LOG.log(Level.INFO, () -> "event=workload-adopted " + fields(runtime.id) + " digest=" + runtime.target.digest()
          + " running=" + count + "/" + runtime.instances.size());
    }
  }

  // --- files --------------------------------------------------------------------------------------

  private void persist(WorkloadRuntime runtime) {
    persist(runtime, false);
  }

  private void persist(WorkloadRuntime runtime, boolean removal) {
    List<StateFile.InstanceState> instances = runtime.instances.stream()
        .map(i -> new StateFile.InstanceState(i.name, i.digest, i.index, i.ports, i.stopping ? i.stoppingPid : i.pid,
            i.startedAt, i.grouped, i.retireAt))
        .toList();
    try {
      StateFile.write(runtime.directory.resolve(StateFile.NAME),
          new StateFile.WorkloadState(namespace, runtime.target, runtime.targetSince, removal, instances));
    } catch (UncheckedIOException e) {
      LOG.log(Level.ERROR, () -> "event=state-write-failed " + fields(runtime.id) + " error=\"" + e.getMessage() + "\"");
    }
  }

  /** Ports recorded by any state file under {@code <data>/local}, this namespace's or another's. */
  private Set<Integer> portsClaimedOnDisk() {
    Set<Integer> claimed = new HashSet<>();
    try (Stream<Path> files = Files.find(localRoot, 3,
        (path, attributes) -> attributes.isRegularFile() && path.getFileName().toString().equals(StateFile.NAME))) {
      files.forEach(file -> {
        try {
          StateFile.read(file).instances().forEach(i -> claimed.addAll(i.ports().values()));
        } catch (IOException ignored) {
          // an unreadable file claims nothing
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.DEBUG, () -> "event=port-claims-unreadable error=\"" + e.getMessage() + "\"");
    }
    return claimed;
  }

  private static void createDirectory(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new DriverException("local scheduler: cannot create " + directory, e, true);
    }
  }

  private static void deleteDirectory(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.log(Level.WARNING, () -> "event=directory-delete-failed directory=" + directory + " error=\""
          + e.getMessage() + "\"");
    }
  }

  // --- small things -------------------------------------------------------------------------------

  private void awaitNotRemoving(WorkloadId id) {
    long deadline = System.currentTimeMillis() + settings.stopTimeout().toMillis() + 15_000;
    while (removing.contains(id)) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new DriverException("workload " + id + " is still being removed", true);
      }
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DriverException("interrupted while waiting for the removal of " + id, e, true);
      }
      checkOpen();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new DriverException("the local scheduler of namespace '" + namespace + "' is closed", false);
    }
  }

  private String fields(WorkloadId id) {
    return "namespace=" + namespace + " workload=" + id;
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, name + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
