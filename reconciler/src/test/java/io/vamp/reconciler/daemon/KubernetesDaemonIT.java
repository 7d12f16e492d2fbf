package io.vamp.reconciler.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.vamp.driver.kubernetes.standin.KubernetesStandIn;
import io.vamp.model.json.StateJson;
import io.vamp.reconciler.config.Config;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon on Kubernetes, against the stand-in (fabric8's mock API server in CRUD mode, with
 * simulated controllers making pods ready): no API server can run here. A commit creates Deployments,
 * a revert removes what it added, and a Deployment scaled by hand is put back; the gateways Service
 * follows the gateway ports of each commit and is put back when deleted by hand.
 */
class KubernetesDaemonIT {
  private static final PersonIdent DEV = new PersonIdent("Dev", "dev@example.org");
  private static final String GATEWAY_SERVICE = "vamp-gateways";

  @TempDir
  Path dir;

  @Test
  void convergesRevertsPutsBackADeploymentChangedByHandAndExposesTheGateways() throws Exception {
    try (KubernetesStandIn kubernetes = KubernetesStandIn.start();
        Git git = Git.init().setDirectory(dir.resolve("repo").toFile()).setInitialBranch("main").call()) {
      RevCommit first = commit(git, "one version", deployment(Optional.of(9050), "1"));
      Map<String, String> settings = new HashMap<>(kubernetes.vampRunSettings());
      settings.put("repository.url", dir.resolve("repo").toString());
      settings.put("repository.poll_interval", "1s");
      settings.put("data_dir", dir.resolve("data").toString());
      settings.put("namespace", "k8s");
      settings.put("http.port", "0");
      settings.put("agent.embedded", "false");
      settings.put("apply.ready_timeout", "60s");
      settings.put("gateways.port_range", "41000-41099");
      Daemon daemon = new Daemon(Config.defaults().with(settings), Map.of(), Clock.systemUTC());
      daemon.start();
      try {
        awaitApplied(daemon, first);
        assertThat(deployments(kubernetes)).hasSize(1);
        // the external gateway and the cluster's own (a port of the range)
        Set<Integer> firstPorts = publishedPorts(daemon);
        assertThat(firstPorts).contains(9050).hasSize(2);
        int clusterPort = firstPorts.stream().filter(p -> p != 9050).findFirst().orElseThrow();
        assertThat(clusterPort).isBetween(41000, 41099);
        assertThat(gatewayServicePorts(kubernetes)).as("exposed with the first commit")
            .containsExactlyInAnyOrderElementsOf(firstPorts);
        Service service = gatewayService(kubernetes);
        assertThat(service.getSpec().getType()).isEqualTo("NodePort");
        assertThat(service.getSpec().getSelector()).containsEntry("app.kubernetes.io/name", "vamp-gateway-agent");
        assertThat(actions(daemon, first)).as("recorded as the last action of the revision")
            .contains("expose-gateways ports 9050," + clusterPort + " applied");

        RevCommit canary = commit(git, "canary", deployment(Optional.of(9050), "1", "2"));
        awaitApplied(daemon, canary);
        assertThat(deployments(kubernetes)).hasSize(2);
        assertThat(gatewayServicePorts(kubernetes)).containsExactlyInAnyOrder(9050, clusterPort);
        assertThat(actions(daemon, canary)).as("unchanged: nothing written, nothing recorded")
            .noneMatch(a -> a.startsWith("expose-gateways"));

        RevCommit reverted = git.revert().include(canary).call();
        awaitApplied(daemon, reverted);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(deployments(kubernetes)).as("what the reverted commit added is removed").hasSize(1));

        // someone scales the Deployment by hand: the daemon puts it back
        Deployment live = deployments(kubernetes).get(0);
        kubernetes.client().apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE)
            .withName(live.getMetadata().getName()).edit(d -> {
              d.getSpec().setReplicas(5);
              return d;
            });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(deployments(kubernetes).get(0).getSpec().getReplicas()).isEqualTo(2));

        RevCommit moved = commit(git, "gateway on 9060", deployment(Optional.of(9060), "1"));
        awaitApplied(daemon, moved);
        assertThat(publishedPorts(daemon)).containsExactlyInAnyOrder(9060, clusterPort);
        assertThat(gatewayServicePorts(kubernetes)).as("the changed port follows the commit")
            .containsExactlyInAnyOrder(9060, clusterPort);

        RevCommit removed = commit(git, "no external gateway", deployment(Optional.empty(), "1"));
        awaitApplied(daemon, removed);
        assertThat(gatewayServicePorts(kubernetes)).as("the removed port is withdrawn").containsExactly(clusterPort);

        // someone deletes the Service by hand: the next drift check puts it back
        kubernetes.client().services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE).withName(GATEWAY_SERVICE)
            .delete();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
            assertThat(gatewayServicePorts(kubernetes)).containsExactly(clusterPort));
      } finally {
        daemon.close();
      }
    }
  }

  private static List<Deployment> deployments(KubernetesStandIn kubernetes) {
    return kubernetes.client().apps().deployments().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE)
        .withLabel("app.kubernetes.io/managed-by", "vamp").list().getItems();
  }

  private static void awaitApplied(Daemon daemon, RevCommit commit) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
      assertThat(daemon.status().lastApplied().map(Status.RevisionSummary::sha)).contains(commit.getName());
      assertThat(daemon.status().phase()).isEqualTo("ready");
    });
  }

  /** The ports of the gateway Service the daemon made (name: the driver's default), none when it has none. */
  private static List<Integer> gatewayServicePorts(KubernetesStandIn kubernetes) {
    Service service = gatewayService(kubernetes);
    return service == null ? List.of() : service.getSpec().getPorts().stream().map(p -> p.getPort()).toList();
  }

  private static Service gatewayService(KubernetesStandIn kubernetes) {
    return kubernetes.client().services().inNamespace(KubernetesStandIn.KUBERNETES_NAMESPACE)
        .withName(GATEWAY_SERVICE).get();
  }

  /** The gateway ports the daemon published for the agents ({@code GET /api/v1/gateways}). */
  private static Set<Integer> publishedPorts(Daemon daemon) throws Exception {
    Set<Integer> ports = new TreeSet<>();
    StateJson.mapper().readTree(get(daemon, "/api/v1/gateways")).path("gateways")
        .forEach(g -> ports.add(g.path("port").asInt()));
    return ports;
  }

  /** A revision's actions as the ledger has them: {@code type target outcome}. */
  private static List<String> actions(Daemon daemon, RevCommit commit) throws Exception {
    List<String> out = new ArrayList<>();
    StateJson.mapper().readTree(get(daemon, "/api/v1/revisions/" + commit.getName())).path("actions")
        .forEach(a -> out.add(a.path("type").asText() + " " + a.path("target").asText() + " "
            + a.path("outcome").asText()));
    return out;
  }

  private static String get(Daemon daemon, String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + daemon.apiPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static String deployment(Optional<Integer> externalPort, String... versions) {
    StringBuilder yaml = new StringBuilder("""
        kind: deployment
        name: shop
        """);
    externalPort.ifPresent(port -> yaml.append("gateways:\n  ").append(port).append(": web/http\n"));
    yaml.append("""
        clusters:
          web:
            services:
        """);
    for (String version : versions) {
      yaml.append("      - breed: { name: \"web:").append(version).append("\", deployable: \"nginx:1.")
          .append(version).append("\", ports: { http: 80/http } }\n")
          .append("        scale: { cpu: 0.1, memory: 64MB, instances: 2 }\n");
    }
    return yaml.toString();
  }

  private RevCommit commit(Git git, String message, String yaml) throws Exception {
    Files.writeString(dir.resolve("repo").resolve("shop.yaml"), yaml);
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setAuthor(DEV).setCommitter(DEV).setSign(false).call();
  }
}
