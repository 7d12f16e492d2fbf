package io.vamp.driver.kubernetes;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.scheduler.GatewayExposure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the gateway agents reachable from outside the cluster: one Service (settings
 * {@code gateway-service-name}, {@code gateway-service-type} NodePort or LoadBalancer) selecting the agent
 * pods ({@code gateway-selector}) with one port per gateway port, named {@code gw-<port>}. A port that
 * stays keeps its node port. With {@code gateway-service-type: None}, or no gateway at all, there is no
 * such Service: one of this daemon's is removed.
 *
 * <p>The daemon calls {@link #expose} after every successful reconciliation (and drift check), so the
 * usual case, nothing changed, is answered from the watch cache without a request. Anything to write is
 * decided again on a fresh read of the Service, and the Service is owned like the workloads.
 */
public final class KubernetesGatewayExposure implements GatewayExposure {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesGatewayExposure.class);
  static final String GATEWAYS = "vamp.io/gateways";

  private final KubernetesClient client;
  private final LiveCache cache;
  private final String namespace;
  private final String kubernetesNamespace;
  private final KubernetesSettings settings;

  KubernetesGatewayExposure(KubernetesClient client, LiveCache cache, String namespace, String kubernetesNamespace,
      KubernetesSettings settings) {
    this.client = client;
    this.cache = cache;
    this.namespace = namespace;
    this.kubernetesNamespace = kubernetesNamespace;
    this.settings = settings;
  }

  /**
   * Makes the Service expose exactly these ports (no Service: with {@code gateway-service-type: None} or
   * no ports at all).
   *
   * @param gatewayPorts gateway name to the port it listens on (in the agents)
   * @return whether the Service was created, updated or removed
   */
  @Override
  public boolean expose(SortedMap<String, Integer> gatewayPorts) {
    if (!settings.exposesGateways() || gatewayPorts.isEmpty()) {
      return unexpose();
    }
    String name = settings.gatewayServiceName();
    SortedMap<Integer, String> byPort = new TreeMap<>();
    gatewayPorts.forEach((gateway, port) -> byPort.merge(port, gateway, (a, b) -> a + "," + b));
    Service cached = cache.service(name);
    if (cached != null && Marks.owned(cached, namespace, Optional.empty()) && unchanged(cached, byPort)) {
      LOG.debug("event=gateways-unchanged namespace={} service={} ports={}", namespace, name, byPort.keySet());
      return false;
    }
    Service live = get(name);
    if (live != null && !Marks.owned(live, namespace, Optional.empty())) {
      throw new DriverException("kubernetes: Service " + kubernetesNamespace + "/" + name
          + " exists and is not this daemon's; set gateway-service-name to another name", false);
    }
    if (live != null && unchanged(live, byPort)) {
      return false;
    }
    Map<Integer, Integer> nodePorts = new HashMap<>();
    if (live != null && live.getSpec() != null && live.getSpec().getPorts() != null) {
      live.getSpec().getPorts().forEach(p -> {
        if (p.getNodePort() != null) {
          nodePorts.put(p.getPort(), p.getNodePort());
        }
      });
    }
    List<ServicePort> ports = new ArrayList<>();
    desiredPorts(byPort).forEach(p -> ports.add(new ServicePortBuilder(p).withNodePort(nodePorts.get(p.getPort()))
        .build()));
    try {
      Service result;
      if (live == null) {
        Service desired = new ServiceBuilder()
            .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(kubernetesNamespace)
                .withLabels(labels()).withAnnotations(annotations(byPort)).build())
            .withNewSpec().withType(settings.gatewayServiceType()).withSelector(settings.gatewaySelector())
            .withPorts(ports).endSpec()
            .build();
        result = client.services().inNamespace(kubernetesNamespace).resource(desired).create();
      } else {
        Service next = new ServiceBuilder(live).build();
        Map<String, String> labels = new TreeMap<>(Optional.ofNullable(live.getMetadata().getLabels()).orElse(Map.of()));
        labels.putAll(labels());
        Map<String, String> annotations = new TreeMap<>(
            Optional.ofNullable(live.getMetadata().getAnnotations()).orElse(Map.of()));
        annotations.putAll(annotations(byPort));
        next.getMetadata().setLabels(labels);
        next.getMetadata().setAnnotations(annotations);
        next.getSpec().setType(settings.gatewayServiceType());
        next.getSpec().setSelector(settings.gatewaySelector());
        next.getSpec().setPorts(ports);
        result = client.services().inNamespace(kubernetesNamespace).resource(next).update();
      }
      cache.wroteService(name, live, result);
      LOG.info("event=gateways-exposed namespace={} service={} type={} ports={} action={}", namespace, name,
          settings.gatewayServiceType(), byPort.keySet(), live == null ? "created" : "updated");
      return true;
    } catch (KubernetesClientException e) {
      throw KubernetesErrors.of("expose the gateways through Service " + kubernetesNamespace + "/" + name, e);
    }
  }

  /**
   * Removes the Service, if it is this daemon's.
   *
   * @return whether it was removed
   */
  public boolean unexpose() {
    String name = settings.gatewayServiceName();
    Service cached = cache.service(name);
    if (cached == null || !Marks.owned(cached, namespace, Optional.empty())) {
      // ours would be in the watch cache (it carries our labels); a foreign one is not ours to remove
      return false;
    }
    Service live = get(name);
    if (live == null || !Marks.owned(live, namespace, Optional.empty())) {
      return false;
    }
    try {
      client.services().inNamespace(kubernetesNamespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw KubernetesErrors.of("delete Service " + kubernetesNamespace + "/" + name, e);
      }
    }
    cache.wroteService(name, live, null);
    LOG.info("event=gateways-unexposed namespace={} service={} reason={}", namespace, name,
        settings.exposesGateways() ? "no-gateways" : "gateway-service-type-None");
    return true;
  }

  /**
   * Whether the live Service already is what {@link #expose} would write: its type, its selector, its
   * ports (name, port, target port, protocol; node ports are the API server's) and this daemon's labels
   * and annotations. Others' labels, annotations and fields the API server filled in do not count.
   */
  boolean unchanged(Service live, SortedMap<Integer, String> byPort) {
    if (live.getSpec() == null || live.getMetadata() == null) {
      return false;
    }
    Map<String, String> labels = Optional.ofNullable(live.getMetadata().getLabels()).orElse(Map.of());
    Map<String, String> annotations = Optional.ofNullable(live.getMetadata().getAnnotations()).orElse(Map.of());
    boolean marks = labels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
        && annotations(byPort).entrySet().stream().allMatch(e -> e.getValue().equals(annotations.get(e.getKey())));
    List<String> livePorts = Optional.ofNullable(live.getSpec().getPorts()).orElse(List.of()).stream()
        .map(KubernetesGatewayExposure::portText).sorted().toList();
    List<String> wantedPorts = desiredPorts(byPort).stream().map(KubernetesGatewayExposure::portText).sorted().toList();
    return marks
        && settings.gatewayServiceType().equals(live.getSpec().getType())
        && settings.gatewaySelector().equals(Optional.ofNullable(live.getSpec().getSelector()).orElse(Map.of()))
        && wantedPorts.equals(livePorts);
  }

  private static List<ServicePort> desiredPorts(SortedMap<Integer, String> byPort) {
    List<ServicePort> ports = new ArrayList<>();
    byPort.keySet().forEach(port -> ports.add(new ServicePortBuilder()
        .withName("gw-" + port).withPort(port).withTargetPort(new IntOrString(port)).withProtocol("TCP").build()));
    return ports;
  }

  private static String portText(ServicePort p) {
    IntOrString target = p.getTargetPort();
    String targetText = target == null ? "" : target.getIntVal() != null ? target.getIntVal().toString()
        : String.valueOf(target.getStrVal());
    // the API server defaults the protocol to TCP
    return p.getName() + "/" + p.getPort() + "/" + targetText + "/" + Objects.requireNonNullElse(p.getProtocol(), "TCP");
  }

  private Map<String, String> labels() {
    return Map.of(Marks.MANAGED_BY, Marks.MANAGED_BY_VALUE, Marks.NAMESPACE, Names.labelValue(namespace));
  }

  private Map<String, String> annotations(SortedMap<Integer, String> byPort) {
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(Marks.NAMESPACE, namespace);
    annotations.put(GATEWAYS, WorkloadRenderer.canonical(byPort));
    return annotations;
  }

  private Service get(String name) {
    try {
      return client.services().inNamespace(kubernetesNamespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw KubernetesErrors.of("read Service " + kubernetesNamespace + "/" + name, e);
    }
  }
}
