package io.vamp.reconciler.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.driver.spi.ledger.Inventory;
import io.vamp.driver.spi.scheduler.Instance;
import io.vamp.driver.spi.scheduler.ObservedWorkload;
import io.vamp.model.Dsl;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Publisher PUBLISHER = new Publisher("test",
      io.vamp.driver.haproxy.render.RenderSettings.defaults(java.nio.file.Path.of("/tmp/vamp-test")));
  private static final Planner PLANNER = new Planner(PUBLISHER, Duration.ofSeconds(30));

  private static final String CANARY = """
      kind: deployment
      name: shop
      clusters:
        web:
          services:
            - breed: { name: web:1, deployable: { type: command, definition: run1 }, ports: { http: 80/http } }
            - breed: { name: web:2, deployable: { type: command, definition: run2 }, ports: { http: 80/http } }
          gateways:
            routes:
              web:1: { weight: 90% }
              web:2: { weight: 10% }
      """;

  private static DesiredState state(String yaml) {
    Dsl.Evaluation evaluation = Dsl.evaluate(List.of(new SourceFile("d.yaml", yaml)), ResolveContext.DEFAULT);
    assertThat(evaluation.problems()).isEmpty();
    return evaluation.state().orElseThrow();
  }

  private static ObservedWorkload running(Workload workload, boolean ready) {
    return new ObservedWorkload(workload.id(), workload.digest(), 1,
        List.of(new Instance(workload.id().service() + "-0", "127.0.0.1", Map.of("http", 31000), ready)));
  }

  private static Observed converged(DesiredState desired) {
    List<ObservedWorkload> workloads = desired.workloads().stream().map(w -> running(w, true)).toList();
    Map<String, String> published = PUBLISHER.publication(desired.gateways(), desired.workloads(), workloads).values();
    return new Observed(workloads, published,
        new Inventory(Set.copyOf(desired.workloads().stream().map(w -> w.id().toString()).toList()), Set.of(), "x"));
  }

  private static List<String> describe(Plan plan) {
    List<String> lines = new ArrayList<>();
    plan.actions().forEach(a -> lines.add(a.type() + " " + a.target()));
    return lines;
  }

  @Test
  void anEmptyWorldGetsDeploysThenAWaitThenTheGateways() {
    DesiredState desired = state(CANARY);
    Plan plan = PLANNER.plan(desired, new Observed(List.of(), Map.of(), Inventory.EMPTY));
    assertThat(describe(plan)).containsExactly(
        "deploy shop/web/web:1",
        "deploy shop/web/web:2",
        "wait-ready shop/web/web:1,shop/web/web:2",
        "publish-gateways /vamp/test/gateways");
  }

  @Test
  void aConvergedWorldGetsNoActionAtAll() {
    DesiredState desired = state(CANARY);
    assertThat(PLANNER.plan(desired, converged(desired)).actions()).isEmpty();
  }

  @Test
  void aWeightChangeOnlyRepublishesTheGateways() {
    DesiredState before = state(CANARY);
    DesiredState after = state(CANARY.replace("90%", "50%").replace("10%", "50%"));
    assertThat(describe(PLANNER.plan(after, converged(before)))).containsExactly("publish-gateways /vamp/test/gateways");
  }

  @Test
  void aRemovedServiceIsUndeployedOnlyAfterTheGatewaysStopRoutingToIt() {
    DesiredState before = state(CANARY);
    DesiredState after = state(CANARY.replace(
        "      - breed: { name: web:2, deployable: { type: command, definition: run2 }, ports: { http: 80/http } }\n", "")
        .replace("      web:2: { weight: 10% }\n", "").replace("90%", "100%"));
    assertThat(describe(PLANNER.plan(after, converged(before)))).containsExactly(
        "publish-gateways /vamp/test/gateways",
        "undeploy shop/web/web:2");
  }

  @Test
  void aChangedWorkloadIsUpdatedAndWaitedForBeforeTheGateways() {
    DesiredState before = state(CANARY);
    DesiredState after = state(CANARY.replace("definition: run2", "definition: run2b"));
    Plan plan = PLANNER.plan(after, converged(before));
    assertThat(describe(plan)).containsExactly(
        "update shop/web/web:2",
        "wait-ready shop/web/web:2",
        "publish-gateways /vamp/test/gateways");
    assertThat(plan.decisions()).filteredOn(d -> d.kind() == Decision.Kind.UPDATE).hasSize(1);
  }

  @Test
  void workloadsNotInTheInventoryAreNeverRemoved() {
    DesiredState desired = state(CANARY);
    Observed observed = converged(desired);
    Workload stranger = state(CANARY.replace("name: shop", "name: other")).workloads().get(0);
    List<ObservedWorkload> withStranger = new ArrayList<>(observed.workloads());
    withStranger.add(running(stranger, true));
    Plan plan = PLANNER.plan(desired, new Observed(withStranger, observed.published(), observed.inventory()));
    assertThat(plan.actions()).isEmpty();
    assertThat(plan.decisions()).anyMatch(d -> d.kind() == Decision.Kind.FOREIGN
        && d.workload().equals(new WorkloadId("other", "web", "web:1")));
  }

  @Test
  void gatewaysAreNotPublishedBeforeEarlierDeployedWorkloadsAreReady() {
    DesiredState desired = state(CANARY);
    List<ObservedWorkload> notReady = desired.workloads().stream().map(w -> running(w, false)).toList();
    Plan plan = PLANNER.plan(desired, new Observed(notReady, Map.of(), Inventory.EMPTY));
    assertThat(describe(plan)).containsExactly(
        "wait-ready shop/web/web:1,shop/web/web:2",
        "publish-gateways /vamp/test/gateways");
  }

  @Test
  void anEditedGatewayKeyIsWrittenBack() {
    DesiredState desired = state(CANARY);
    Observed observed = converged(desired);
    Map<String, String> edited = new java.util.HashMap<>(observed.published());
    edited.put(Publisher.configurationKey("test"), "global\n  # edited by hand\n");
    Plan plan = PLANNER.plan(desired, new Observed(observed.workloads(), edited, observed.inventory()));
    assertThat(describe(plan)).containsExactly("publish-gateways /vamp/test/gateways");
  }

  @Test
  void planningIsDeterministic() {
    DesiredState desired = state(CANARY);
    Observed empty = new Observed(List.of(), Map.of(), Inventory.EMPTY);
    assertThat(PLANNER.plan(desired, empty)).isEqualTo(PLANNER.plan(state(CANARY), empty));
  }
}
