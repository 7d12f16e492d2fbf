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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the gateway agents reachable from outside the cluster: one Service (settings
 * {@code gateway-service-name}, {@code gateway-service-type} NodePort or LoadBalancer) selecting the agent
 * pods ({@code gateway-selector}) with one port per gateway port, named {@code gw-<port>}. A port that
 * stays keeps its node port. The reconciler calls {@link #expose} with the gateway ports of a revision
 * (not wired yet: see the README); it is idempotent and owned like the workloads.
 */
public final class KubernetesGatewayExposure {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesGatewayExposure.class);
  static final String GATEWAYS = "vamp.io/gateways";

  private final KubernetesClient client;
  private final String namespace;
  private final String kubernetesNamespace;
  private final KubernetesSettings settings;

  /** A port as exposed: the node port once the API server assigned one (NodePort and LoadBalancer). */
  public record ExposedPort(String name, int port, Optional<Integer> nodePort) {}

  KubernetesGatewayExposure(KubernetesClient client, String namespace, String kubernetesNamespace,
      KubernetesSettings settings) {
    this.client = client;
    this.namespace = namespace;
    this.kubernetesNamespace = kubernetesNamespace;
    this.settings = settings;
  }

  /**
   * Makes the Service expose exactly these ports.
   *
   * @param gatewayPorts gateway name to the port it listens on (in the agents)
   */
  public List<ExposedPort> expose(SortedMap<String, Integer> gatewayPorts) {
    String name = settings.gatewayServiceName();
    Service live = get(name);
    if (live != null && !Marks.owned(live, namespace, Optional.empty())) {
      throw new DriverException("kubernetes: Service " + kubernetesNamespace + "/" + name
          + " exists and is not this daemon's; set gateway-service-name to another name", false);
    }
    Map<Integer, Integer> nodePorts = new HashMap<>();
    if (live != null && live.getSpec() != null && live.getSpec().getPorts() != null) {
      live.getSpec().getPorts().forEach(p -> {
        if (p.getNodePort() != null) {
          nodePorts.put(p.getPort(), p.getNodePort());
        }
      });
    }
    SortedMap<Integer, String> byPort = new TreeMap<>();
    gatewayPorts.forEach((gateway, port) -> byPort.merge(port, gateway, (a, b) -> a + "," + b));
    List<ServicePort> ports = new ArrayList<>();
    byPort.forEach((port, gateways) -> ports.add(new ServicePortBuilder()
        .withName("gw-" + port).withPort(port).withTargetPort(new IntOrString(port)).withProtocol("TCP")
        .withNodePort(nodePorts.get(port)).build()));
    Map<String, String> labels = Map.of(Marks.MANAGED_BY, Marks.MANAGED_BY_VALUE,
        Marks.NAMESPACE, Names.labelValue(namespace));
    Map<String, String> annotations = new TreeMap<>();
    annotations.put(Marks.NAMESPACE, namespace);
    annotations.put(GATEWAYS, WorkloadRenderer.canonical(byPort));
    Service desired = new ServiceBuilder()
        .withMetadata(new ObjectMetaBuilder().withName(name).withNamespace(kubernetesNamespace)
            .withLabels(labels).withAnnotations(annotations).build())
        .withNewSpec().withType(settings.gatewayServiceType()).withSelector(settings.gatewaySelector())
        .withPorts(ports).endSpec()
        .build();
    try {
      Service result;
      if (live == null) {
        result = client.services().inNamespace(kubernetesNamespace).resource(desired).create();
      } else {
        Service next = new ServiceBuilder(live).build();
        next.getMetadata().getLabels().putAll(labels);
        next.getMetadata().getAnnotations().putAll(annotations);
        next.getSpec().setType(desired.getSpec().getType());
        next.getSpec().setSelector(desired.getSpec().getSelector());
        next.getSpec().setPorts(ports);
        result = client.services().inNamespace(kubernetesNamespace).resource(next).update();
      }
      LOG.info("event=gateways-exposed namespace={} service={} type={} ports={}", namespace, name,
          settings.gatewayServiceType(), byPort.keySet());
      return result.getSpec().getPorts().stream()
          .map(p -> new ExposedPort(p.getName(), p.getPort(), Optional.ofNullable(p.getNodePort()))).toList();
    } catch (KubernetesClientException e) {
      throw KubernetesErrors.of("expose the gateways through Service " + kubernetesNamespace + "/" + name, e);
    }
  }

  /** Removes the Service, if it is this daemon's. */
  public void unexpose() {
    String name = settings.gatewayServiceName();
    Service live = get(name);
    if (live == null || !Marks.owned(live, namespace, Optional.empty())) {
      return;
    }
    try {
      client.services().inNamespace(kubernetesNamespace).withName(name).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw KubernetesErrors.of("delete Service " + kubernetesNamespace + "/" + name, e);
      }
    }
  }

  private Service get(String name) {
    try {
      return client.services().inNamespace(kubernetesNamespace).withName(name).get();
    } catch (KubernetesClientException e) {
      throw KubernetesErrors.of("read Service " + kubernetesNamespace + "/" + name, e);
    }
  }
}
