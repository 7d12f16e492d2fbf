package io.vamp.driver.kubernetes.standin;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.vamp.driver.kubernetes.KubernetesSchedulerFactory;
import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.scheduler.Scheduler;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;

/**
 * A Kubernetes API stand-in for tests: fabric8's mock server in CRUD mode on 127.0.0.1 (plain HTTP),
 * with {@link SimulatedControllers} running Deployments in one namespace (and a fix of the mock's watch
 * close, {@link WatchSafeDispatcher}). Not a real API server: no
 * admission, no defaulting, no server-side apply, no controllers but the simulated ones.
 *
 * <p>For an end-to-end test of the daemon: {@link #vampRunSettings()} are the settings that select the
 * Kubernetes driver against this stand-in; {@link #driverConfig} and {@link #scheduler} build the driver
 * directly, through its {@link KubernetesSchedulerFactory} as {@code vamp run} does.
 */
public final class KubernetesStandIn implements AutoCloseable {
  public static final String KUBERNETES_NAMESPACE = "vamp";
  /** The mock server logs every request through java.util.logging at INFO: kept quiet (a strong reference). */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final KubernetesMockServer server;
  private final KubernetesClient client;
  private final SimulatedControllers controllers;

  private KubernetesStandIn(KubernetesMockServer server, boolean simulateControllers) {
    this.server = server;
    this.client = server.createClient();
    this.controllers = simulateControllers ? new SimulatedControllers(client, KUBERNETES_NAMESPACE) : null;
  }

  /** Starts a mock API server on a free loopback port and the simulated controllers. */
  public static KubernetesStandIn start() {
    return start(true);
  }

  /** Starts a mock API server on a free loopback port, with or without the simulated controllers. */
  public static KubernetesStandIn start(boolean simulateControllers) {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    KubernetesMockServer server = new KubernetesMockServer(new Context(Serialization.jsonMapper()),
        new MockWebServer(), responses, new WatchSafeDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return new KubernetesStandIn(server, simulateControllers);
  }

  /** The API server URL, {@code http://127.0.0.1:<port>}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getPort());
  }

  /** A client of the mock, for a test's own reads and hand edits. */
  public KubernetesClient client() {
    return client;
  }

  /** How many requests the mock server has answered so far (to show what is served from watch caches). */
  public int requestCount() {
    return server.getRequestCount();
  }

  public SimulatedControllers controllers() {
    if (controllers == null) {
      throw new IllegalStateException("started without simulated controllers");
    }
    return controllers;
  }

  /** The driver settings ({@code scheduler.settings.*}) for this stand-in. */
  public Map<String, String> driverSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("namespace", KUBERNETES_NAMESPACE);
    settings.put("sync-timeout", "10s");
    settings.put("request-timeout", "10s");
    settings.put("command-image", "eclipse-temurin:17-jre");
    return settings;
  }

  /** The daemon's settings that select the Kubernetes driver against this stand-in ({@code vamp run}). */
  public Map<String, String> vampRunSettings() {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("scheduler.driver", KubernetesSchedulerFactory.NAME);
    settings.put("scheduler.uri", url().toString());
    driverSettings().forEach((k, v) -> settings.put("scheduler.settings." + k, v));
    return settings;
  }

  public DriverConfig driverConfig(String namespace, Path dataDirectory) {
    return new DriverConfig(namespace, dataDirectory, Optional.of(url()), driverSettings());
  }

  /** The driver for a Vamp namespace, made by its factory. */
  public Scheduler scheduler(String namespace, Path dataDirectory) {
    return new KubernetesSchedulerFactory().create(driverConfig(namespace, dataDirectory));
  }

  @Override
  public void close() {
    if (controllers != null) {
      controllers.close();
    }
    client.close();
    try {
      server.destroy();
    } catch (IllegalStateException e) {
      // the mock's Vert.x server may take longer than its own shutdown timeout on a loaded machine:
      // its port is released with the test JVM either way
    }
  }
}
