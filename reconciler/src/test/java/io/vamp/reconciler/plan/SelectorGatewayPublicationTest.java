package io.vamp.reconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.driver.spi.ledger.Inventory;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.Dsl;
import io.vamp.model.json.StateJson;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A selector gateway's published routes follow the workloads that run and are ready. */
class SelectorGatewayPublicationTest {
  private static final Publisher PUBLISHER = new Publisher("test",
      io.vamp.driver.haproxy.render.RenderSettings.defaults(java.nio.file.Path.of("/tmp/vamp-test")));
  private static final Planner PLANNER = new Planner(PUBLISHER, Duration.ofSeconds(30));

  private static final String SAVA = """
      kind: deployment
      name: shop
      clusters:
        sava:
          services:
            - breed: { name: sava:1.0.0, deployable: { type: command, definition: run1 }, ports: { web: 8080/http } }
            - breed: { name: sava:1.1.0, deployable: { type: command, definition: run2 }, ports: { web: 8080/http } }
      ---
      kind: gateway
      name: by-version
      port: 9070/http
      selector: label(cluster)(sava) && label(version)((.*))
      """;
  private static final WorkloadId V1 = new WorkloadId("shop", "sava", "sava:1.0.0");
  private static final WorkloadId V2 = new WorkloadId("shop", "sava", "sava:1.1.0");

  private static DesiredState state(String yaml) {
    Dsl.Evaluation evaluation = Dsl.evaluate(List.of(new SourceFile("d.yaml", yaml)), ResolveContext.DEFAULT);
    assertThat(evaluation.problems()).isEmpty();
    return evaluation.state().orElseThrow();
  }

  private static ObservedWorkload running(Workload workload, int hostPort, boolean ready) {
    return new ObservedWorkload(workload.id(), workload.digest(), 1,
        List.of(new Instance(workload.id().service().replace(':', '-') + "-0", "127.0.0.1", Map.of("web", hostPort),
            ready)));
  }

  private static JsonNode gateway(Publication publication, String name) throws Exception {
    JsonNode document = StateJson.mapper().readTree(publication.values().get(GatewayDocument.key("test")));
    for (JsonNode gateway : document.path("gateways")) {
      if (gateway.path("name").asText().equals(name)) {
        return gateway;
      }
    }
    throw new AssertionError("no gateway " + name + " in " + document);
  }

  private static List<String> routes(JsonNode gateway) {
    List<String> out = new ArrayList<>();
    gateway.path("routes").forEach(r -> out.add(r.path("name").asText() + " " + r.path("weight").asInt()
        + " " + r.path("endpoints").findValuesAsText("port")));
    return out;
  }

  private static String configuration(Publication publication) {
    return publication.values().get(Publisher.configurationKey("test"));
  }

  /** The HAProxy backends of the selector gateway (the deployment's own cluster gateway routes to both). */
  private static String selectorBackends(Publication publication) {
    StringBuilder out = new StringBuilder();
    for (String section : configuration(publication).split("\n\n")) {
      if (section.startsWith("backend by_version")) {
        out.append(section).append("\n\n");
      }
    }
    return out.toString();
  }

  @Test
  void everyReadyVersionGetsARouteWithAnEqualShareAndItsInstances() throws Exception {
    DesiredState desired = state(SAVA);
    Workload v1 = desired.workload(V1).orElseThrow();
    Workload v2 = desired.workload(V2).orElseThrow();
    Publication publication = PUBLISHER.publication(desired.gateways(), desired.workloads(),
        List.of(running(v1, 31001, true), running(v2, 31002, true)));
    JsonNode gateway = gateway(publication, "by-version");
    assertThat(routes(gateway)).containsExactly("1.0.0 50 [31001]", "1.1.0 50 [31002]");
    assertThat(gateway.path("routes").get(0).path("target").asText()).isEqualTo("shop/sava/sava:1.0.0/web");
    assertThat(gateway.has("notes")).isFalse();
    assertThat(selectorBackends(publication)).contains("127.0.0.1:31001").contains("127.0.0.1:31002");
  }

  @Test
  void aWorkloadThatIsNotReadyOrNotAtTheDesiredDigestGetsNoRoute() throws Exception {
    DesiredState desired = state(SAVA);
    Workload v1 = desired.workload(V1).orElseThrow();
    Workload v2 = desired.workload(V2).orElseThrow();
    Publication starting = PUBLISHER.publication(desired.gateways(), desired.workloads(),
        List.of(running(v1, 31001, true), running(v2, 31002, false)));
    assertThat(routes(gateway(starting, "by-version"))).containsExactly("1.0.0 100 [31001]");
    assertThat(selectorBackends(starting)).contains("127.0.0.1:31001").doesNotContain(":31002");

    ObservedWorkload oldDigest = new ObservedWorkload(V2, "0123456789abcdef", 1,
        List.of(new Instance("sava-1.1.0-0", "127.0.0.1", Map.of("web", 31002), true)));
    Publication updating = PUBLISHER.publication(desired.gateways(), desired.workloads(),
        List.of(running(v1, 31001, true), oldDigest));
    assertThat(routes(gateway(updating, "by-version"))).containsExactly("1.0.0 100 [31001]");
    assertThat(selectorBackends(updating)).contains("127.0.0.1:31001").doesNotContain(":31002");
  }

  @Test
  void nothingReadyMeansNoRoutesAndANoteInTheDocument() throws Exception {
    DesiredState desired = state(SAVA);
    Publication publication = PUBLISHER.publication(desired.gateways(), desired.workloads(), List.of());
    JsonNode gateway = gateway(publication, "by-version");
    assertThat(gateway.path("routes").size()).isZero();
    assertThat(gateway.path("notes").get(0).asText()).contains("matches nothing that runs and is ready");
  }

  @Test
  void aVersionBecomingReadyIsPublishedWithoutAnyOtherChange() {
    DesiredState desired = state(SAVA);
    Workload v1 = desired.workload(V1).orElseThrow();
    Workload v2 = desired.workload(V2).orElseThrow();
    List<ObservedWorkload> before = List.of(running(v1, 31001, true), running(v2, 31002, false));
    Map<String, String> published = PUBLISHER.publication(desired.gateways(), desired.workloads(), before).values();
    Inventory owned = new Inventory(Set.of(V1.toString(), V2.toString()), Set.of(), "x");

    // 1.1.0 still starting: what is published is what would be: nothing to do (and nothing routed to it)
    List<Action> waiting = PLANNER.plan(desired, new Observed(before, published, owned)).actions();
    assertThat(waiting).isEmpty();

    List<ObservedWorkload> after = List.of(running(v1, 31001, true), running(v2, 31002, true));
    List<Action> ready = PLANNER.plan(desired, new Observed(after, published, owned)).actions();
    assertThat(ready).singleElement().isInstanceOf(Action.PublishGateways.class);
    Action.PublishGateways publish = (Action.PublishGateways) ready.get(0);
    assertThat(PUBLISHER.publication(publish.gateways(), publish.workloads(), after).values())
        .isNotEqualTo(published);
  }

  @Test
  void aRemovedVersionLeavesTheRoutesBeforeItIsUndeployed() throws Exception {
    DesiredState both = state(SAVA);
    Workload v1 = both.workload(V1).orElseThrow();
    Workload v2 = both.workload(V2).orElseThrow();
    List<ObservedWorkload> observed = List.of(running(v1, 31001, true), running(v2, 31002, true));
    Map<String, String> published = PUBLISHER.publication(both.gateways(), both.workloads(), observed).values();
    DesiredState onlyV1 = state(SAVA.replaceAll("(?m)^.*name: sava:1\\.1\\.0.*\n", ""));
    assertThat(onlyV1.workload(V2)).isEmpty();

    Plan plan = PLANNER.plan(onlyV1, new Observed(observed, published,
        new Inventory(Set.of(V1.toString(), V2.toString()), Set.of(), "x")));
    assertThat(plan.actions()).extracting(Action::type).containsExactly("publish-gateways", "undeploy");
    Action.PublishGateways publish = (Action.PublishGateways) plan.actions().get(0);
    Publication next = PUBLISHER.publication(publish.gateways(), publish.workloads(), observed);
    assertThat(routes(gateway(next, "by-version"))).containsExactly("1.0.0 100 [31001]");
    assertThat(selectorBackends(next)).contains("127.0.0.1:31001").doesNotContain(":31002");
  }

  @Test
  void aReviewShowsTheRoutesOfTheDeclaredWorkloads() {
    DesiredState desired = state(SAVA);
    Publisher.Routing routing = Publisher.declared(desired.gateways(), desired.workloads(), "test");
    assertThat(routing.gateways()).filteredOn(g -> g.name().equals("by-version")).singleElement()
        .satisfies(g -> assertThat(g.routes()).extracting(r -> r.name() + " " + r.weight() + " " + r.target())
            .containsExactly("1.0.0 50 shop/sava/sava:1.0.0/web", "1.1.0 50 shop/sava/sava:1.1.0/web"));
    assertThat(routing.notes()).isEmpty();
    assertThat(Publisher.declared(desired.gateways(), List.of(), "test").notes()).containsKey("by-version");
    assertThat(desired.gateway("by-version").map(g -> g.selector()).orElseThrow()).isEqualTo(
        Optional.of("label(cluster)(sava) && label(version)((.*))"));
  }
}
