package io.vamp.model.selector;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.Dsl;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.Port;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Gateway;
import io.vamp.model.state.Resources;
import io.vamp.model.state.Route;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The labels a selector sees: the built-in ones and those the kubernetes and marathon dialects give. */
class SelectorLabelsTest {

  private static Workload workload(String service, Dialects dialects) {
    return new Workload(new WorkloadId("shop", "sava", service), new Deployable(Deployable.Type.DOCKER,
        "magneticio/" + service), List.of(new Port("web", 8080, Protocol.HTTP)), new TreeMap<>(), Resources.DEFAULT,
        List.of(), List.of(), dialects, List.of());
  }

  private static Dialects labels(String dialect, Map<String, Object> labels) {
    return new Dialects(Map.of(dialect, Map.of("labels", labels)));
  }

  private static List<String> routes(String selector, Workload... workloads) {
    Gateway gateway = new Gateway("g", Gateway.GatewayKind.STANDALONE, 9070, Protocol.HTTP, Optional.empty(),
        List.of(), List.of(), Optional.empty(), Optional.of(selector));
    List<SelectorTarget> targets = java.util.Arrays.stream(workloads).map(w -> SelectorTarget.of(w, "ns")).toList();
    return SelectorRouting.route(gateway, targets).gateway().routes().stream()
        .map(r -> r.name() + " " + r.weight()).toList();
  }

  @Test
  void theDocsSelectorMatchesTheKubernetesDialectsAppLabel() {
    Workload v1 = workload("sava:1.0.0", labels("kubernetes", Map.of("app", "sava")));
    Workload v2 = workload("sava:1.1.0", labels("kubernetes", Map.of("app", "sava", "tier", "web")));
    Workload other = workload("cart:1.0.0", labels("kubernetes", Map.of("app", "cart")));
    Workload unlabelled = workload("sava:2.0.0", Dialects.NONE);

    assertThat(routes("label(app)(sava) && label(version)((.*))", v1, v2, other, unlabelled))
        .containsExactly("1.0.0 50", "1.1.0 50");
    assertThat(routes("label(tier)(web)", v1, v2, other)).containsExactly("shop/sava/sava:1.1.0 100");
    assertThat(routes("label(app)((.*))", v1, other)).containsExactly("cart 50", "sava 50");
  }

  @Test
  void theMarathonDialectsLabelsCountToo() {
    Workload app = workload("sava:1.0.0", labels("marathon", Map.of("app", "sava")));
    assertThat(routes("label(app)(sava)", app)).containsExactly("shop/sava/sava:1.0.0 100");
    assertThat(SelectorTarget.labels(app)).containsEntry("app", "sava").containsEntry("version", "1.0.0");
  }

  @Test
  void builtInLabelsWinOverDialectLabelsOfTheSameKey() {
    Workload shadowed = workload("sava:1.0.0", labels("kubernetes", Map.of("version", "v9", "cluster", "other",
        "deployment", "x", "service", "y")));
    assertThat(SelectorTarget.labels(shadowed)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "deployment", "shop", "cluster", "sava", "service", "sava:1.0.0", "version", "1.0.0"));
    assertThat(routes("label(version)(v9)", shadowed)).isEmpty();
    assertThat(routes("label(version)(1\\.0\\.0)", shadowed)).hasSize(1);
    // without a version in the service name there is no built-in 'version': the dialect's counts
    Workload unversioned = workload("sava", labels("kubernetes", Map.of("version", "v9")));
    assertThat(routes("label(version)((v.*))", unversioned)).containsExactly("v9 100");
  }

  @Test
  void kubernetesWinsOverMarathonForTheSameKey() {
    Map<String, Map<String, Object>> both = new LinkedHashMap<>();
    both.put("marathon", Map.of("labels", Map.of("app", "from-marathon", "team", "blue")));
    both.put("kubernetes", Map.of("labels", Map.of("app", "from-kubernetes")));
    Map<String, String> labels = SelectorTarget.dialectLabels(new Dialects(both));
    assertThat(labels).containsExactlyInAnyOrderEntriesOf(Map.of("app", "from-kubernetes", "team", "blue"));
  }

  @Test
  void onlyScalarLabelValuesOfTheLabelDialectsCount() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("text", "a");
    values.put("number", 2L);
    values.put("decimal", 1.5d);
    values.put("flag", true);
    values.put("nothing", Dialects.NULL);
    values.put("list", List.of("a", "b"));
    values.put("map", Map.of("a", "b"));
    Map<String, Map<String, Object>> trees = new LinkedHashMap<>();
    trees.put("kubernetes", Map.of("labels", values));
    trees.put("local", Map.of("labels", Map.of("local", "no")));
    trees.put("docker", Map.of("labels", Map.of("docker", "no")));
    assertThat(SelectorTarget.dialectLabels(new Dialects(trees))).containsExactlyInAnyOrderEntriesOf(Map.of(
        "text", "a", "number", "2", "decimal", "1.5", "flag", "true"));
    // 'labels' that is not a map, or a dialect without it: nothing
    assertThat(SelectorTarget.dialectLabels(new Dialects(Map.of("kubernetes", Map.of("labels", "app=sava"),
        "marathon", Map.of("cmd", "run"))))).isEmpty();
    assertThat(SelectorTarget.dialectLabels(Dialects.NONE)).isEmpty();
  }

  @Test
  void dialectLabelsFollowTheDslsScopesFromYaml() {
    String yaml = """
        kind: deployment
        name: shop
        kubernetes:
          labels: { team: blue }
        clusters:
          sava:
            kubernetes:
              labels: { app: sava }
            services:
              - breed: { name: sava:1.0.0, deployable: magneticio/sava:1.0.0, ports: { web: 8080/http } }
              - breed: { name: sava:1.1.0, deployable: magneticio/sava:1.1.0, ports: { web: 8080/http } }
                kubernetes:
                  labels: { team: green }
          cart:
            services:
              - breed: { name: cart:1.0.0, deployable: magneticio/cart:1.0.0, ports: { web: 8080/http } }
                dialects:
                  marathon: { labels: { app: cart } }
        ---
        kind: gateway
        name: sava
        port: 9070/http
        selector: label(app)(sava) && label(version)((.*))
        routes:
          1.1.0: { weight: 10% }
        ---
        kind: gateway
        name: teams
        port: 9071/http
        selector: label(team)((.*))
        """;
    Dsl.Evaluation evaluation = Dsl.evaluate(List.of(new SourceFile("shop.yaml", yaml)), ResolveContext.DEFAULT);
    assertThat(evaluation.problems()).isEmpty();
    DesiredState state = evaluation.state().orElseThrow();
    List<SelectorTarget> targets = state.workloads().stream().map(w -> SelectorTarget.of(w, "ns")).toList();

    Gateway sava = SelectorRouting.route(state.gateway("sava").orElseThrow(), targets).gateway();
    assertThat(sava.routes()).extracting(r -> r.name() + " " + r.weight() + " " + r.target())
        .containsExactly("1.0.0 90 shop/sava/sava:1.0.0/web", "1.1.0 10 shop/sava/sava:1.1.0/web");
    Gateway teams = SelectorRouting.route(state.gateway("teams").orElseThrow(), targets).gateway();
    assertThat(teams.routes()).extracting(Route::name).containsExactly("blue", "green");
    assertThat(teams.route("blue").orElseThrow().target().toString())
        .contains("shop/sava/sava:1.0.0/web").contains("shop/cart/cart:1.0.0/web");
  }
}
