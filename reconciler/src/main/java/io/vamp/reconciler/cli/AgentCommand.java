package io.vamp.reconciler.cli;

import io.vamp.driver.haproxy.agent.AgentSettings;
import io.vamp.driver.haproxy.agent.GatewayAgent;
import io.vamp.driver.haproxy.agent.ReloadStrategy;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import io.vamp.driver.spi.kv.KeyValueStore;
import io.vamp.driver.spi.kv.KeyValueStoreFactory;
import io.vamp.reconciler.metrics.AgentMetrics;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vamp agent}: the gateway agent beside one HAProxy. */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Runs the gateway agent beside HAProxy: watches the configuration the daemon publishes in the",
        "key-value store, checks it with 'haproxy -c', applies weight changes through HAProxy's runtime API and",
        "anything else by a hitless master-worker reload, restarts HAProxy if it stops, receives its request log",
        "over syslog and answers /health and /metrics (Prometheus)."})
final class AgentCommand implements Callable<Integer> {

  @Option(names = "--kv", paramLabel = "DRIVER",
      description = "Key-value store: memory, etcd, zookeeper or consul (default: ${DEFAULT-VALUE})")
  String kv = "memory";

  @Option(names = "--kv-uri", paramLabel = "URI", description = "The store's address, e.g. etcd://10.0.0.5:2379")
  String kvUri;

  @Option(names = "--namespace", paramLabel = "NAME", description = "The daemon's namespace (default: ${DEFAULT-VALUE})")
  String namespace = AgentSettings.DEFAULT_NAMESPACE;

  @Option(names = "--id", paramLabel = "ID", description = "This agent's name in the status key (default: host name)")
  String agentId;

  @Option(names = "--haproxy", paramLabel = "PATH", description = "The HAProxy binary (default: found on PATH)")
  Path haproxy;

  @Option(names = "--haproxy-version", paramLabel = "MAJOR.MINOR",
      description = "The version in the configuration key (default: asked from haproxy -v)")
  String haproxyVersion;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Where the agent keeps haproxy.cfg and HAProxy's master socket; keep it short (default: ${DEFAULT-VALUE})")
  Path directory = Path.of(".vamp", "agent");

  @Option(names = "--health-bind", paramLabel = "ADDRESS", description = "The address /health and /metrics bind (default: ${DEFAULT-VALUE})")
  String healthBind = "0.0.0.0";

  @Option(names = "--health-port", paramLabel = "PORT", description = "The port of /health and /metrics (default: ${DEFAULT-VALUE})")
  int healthPort = AgentSettings.DEFAULT_HEALTH_PORT;

  @Option(names = "--syslog-port", paramLabel = "PORT",
      description = "The UDP port on 127.0.0.1 receiving HAProxy's request log (default: ${DEFAULT-VALUE})")
  int syslogPort = AgentSettings.DEFAULT_SYSLOG_PORT;

  @Option(names = "--reload", paramLabel = "HOW",
      description = "How HAProxy reloads: master_cli or sigusr2 (default: ${DEFAULT-VALUE})")
  ReloadStrategy reload = ReloadStrategy.MASTER_CLI;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    io.vamp.reconciler.logging.LogFormat.apply(System.getenv("VAMP_LOG_FORMAT"));
    Optional<Path> binary = haproxy != null ? Optional.of(haproxy) : GatewayAgent.findHaproxy();
    if (binary.isEmpty() || !Files.isExecutable(binary.get())) {
      err.println("vamp agent: " + (haproxy != null ? haproxy + " is not an executable file. " : "")
          + GatewayAgent.HAPROXY_MISSING);
      return 1;
    }
    if (kv.equalsIgnoreCase("memory")) {
      err.println("vamp agent: the memory store lives inside one process: this agent sees only what is written"
          + " in it by itself; give --kv etcd|zookeeper|consul and --kv-uri to follow a daemon.");
    }
    Path dir = directory.toAbsolutePath().normalize();
    KeyValueStore store = Drivers.find(KeyValueStoreFactory.class, kv)
        .create(new DriverConfig(namespace, dir, Optional.ofNullable(kvUri).map(URI::create), Map.of()));
    AgentSettings settings = AgentSettings.defaults(store, binary.get(), dir)
        .withNamespace(namespace)
        .withHealth(healthBind, healthPort)
        .withSyslogPort(syslogPort)
        .withReloadStrategy(reload);
    if (agentId != null) {
      settings = settings.withAgentId(agentId);
    }
    if (haproxyVersion != null) {
      settings = settings.withHaproxyVersion(haproxyVersion);
    }
    AtomicReference<GatewayAgent> started = new AtomicReference<>();
    settings = settings.withMetrics(new AgentMetrics(() -> started.get().status())::scrape);
    GatewayAgent agent = new GatewayAgent(settings);
    started.set(agent);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      agent.close();
      store.close();
      stopped.countDown();
    }, "vamp-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      agent.start();
    } catch (RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      agent.close();
      store.close();
      throw e;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("vamp agent: watching " + agent.configurationKey() + " in " + kv + ", /health and /metrics on "
        + healthBind + ":" + agent.healthAddress().getPort() + ", request log on udp 127.0.0.1:"
        + agent.syslogAddress().getPort());
    out.flush();
    try {
      stopped.await();
    } catch (InterruptedException e) {
      // stopped by the caller: stop the agent here, as the shutdown hook would
      Runtime.getRuntime().removeShutdownHook(hook);
      agent.close();
      store.close();
    }
    return 0;
  }
}
