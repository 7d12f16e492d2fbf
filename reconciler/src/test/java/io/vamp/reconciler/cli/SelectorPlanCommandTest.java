package io.vamp.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.reconciler.cli.HistoryFixture.Run;
import io.vamp.reconciler.review.ExampleRepository;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vamp plan} of a selector gateway, end to end through {@link Main#run} on a real Git
 * repository (the example repository and commits on top of it): the routes the selector makes from the
 * declared workloads before and after a commit, and the notes on how they were made.
 */
class SelectorPlanCommandTest {

  private static final String SAVA = "deployments/sava.yaml";
  private static final String GATEWAY = "gateways/by-version.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Vamp's documented selector: the services labelled app=sava, one route per version. */
  private static final String BY_VERSION = """
      name: by-version
      port: 9070/http
      selector: label(app)(sava) && label(version)((.*))
      routes:
        1.0.0: { weight: 90% }
      """;

  @TempDir Path tmp;
  private ExampleRepository repo;

  @BeforeEach
  void exampleRepository() {
    repo = ExampleRepository.create(tmp.resolve("repo"));
  }

  @AfterEach
  void close() {
    repo.close();
  }

  /** The sava services labelled app=sava through its kubernetes dialect, and the selector gateway. */
  private String labelledWithSelectorGateway() {
    return repo.commit("by-version: a selector gateway over the sava versions", Map.of(
        SAVA, labelled(repo.read(SAVA)),
        GATEWAY, BY_VERSION));
  }

  /** The example's sava deployment with its services labelled app=sava in the kubernetes dialect. */
  private static String labelled(String deployment) {
    String clusters = "\nclusters:\n";
    assertThat(deployment).contains(clusters);
    return deployment.replace(clusters, "\nkubernetes:\n  labels: { app: sava }\nclusters:\n");
  }

  /** sava 1.2.0 joins the deployment (the canary routes give it 0%). */
  private String addVersion120() {
    return repo.commit("sava 1.2.0", Map.of(
        "breeds/sava.yaml", repo.read("breeds/sava.yaml") + """
            ---
            kind: breed
            name: sava:1.2.0
            deployable:
              type: command
              definition: java apps/Sava.java
            ports:
              web: 8080/http
            environment_variables:
              SAVA_VERSION: 1.2.0
            """,
        "blueprints/sava.yaml", repo.read("blueprints/sava.yaml") + """
            ---
            kind: blueprint
            name: sava:1.2.0
            clusters:
              sava:
                services:
                  - breed: { ref: sava:1.2.0 }
                    scale: small
            """,
        SAVA, repo.read(SAVA).replace("blueprints: [ sava:1.0.0, sava:1.1.0 ]",
            "blueprints: [ sava:1.0.0, sava:1.1.0, sava:1.2.0 ]")
            .replace("          condition_strength: 100%\n",
                "          condition_strength: 100%\n        sava:1.2.0: { weight: 0% }\n")));
  }

  @Test
  void aNewVersionGetsARouteAndTheUnnamedRoutesShareWhatIsLeft() {
    String base = labelledWithSelectorGateway();
    String head = addVersion120();

    Run text = plan(base, head, "text");

    assertThat(text.exitCode()).as(text.out() + text.err()).isEqualTo(2);
    assertThat(text.out())
        .contains("1 workload to create")
        .contains("gateway by-version: route 1.2.0 added, weights change")
        .contains("~ by-version  changed")
        .containsPattern("\n +  1\\.0\\.0 +90%\n")
        .containsPattern("\n +~ 1\\.1\\.0 +10% → 5%\n")
        .containsPattern("\n +\\+ 1\\.2\\.0 +5% +new route\n")
        .doesNotContain("note:");
  }

  @Test
  void theJsonFormHasEachSelectorRouteBeforeAndAfterWithItsTarget() throws Exception {
    String base = labelledWithSelectorGateway();
    String head = addVersion120();

    Run run = plan(base, head, "json");
    JsonNode gateway = gateway(JSON.readTree(run.out()), "by-version");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(gateway.at("/change").asText()).isEqualTo("changed");
    assertThat(gateway.at("/after/selector").asText()).isEqualTo("label(app)(sava) && label(version)((.*))");
    assertThat(routes(gateway)).containsExactly(
        "1.0.0 unchanged 90 90 sava/sava/sava:1.0.0/web",
        "1.1.0 changed 10 5 sava/sava/sava:1.1.0/web",
        "1.2.0 added - 5 sava/sava/sava:1.2.0/web");
    assertThat(gateway.has("notes")).isFalse();
  }

  @Test
  void aSelectorGatewayThatMatchesNothingShowsItsNotesInEveryForm() throws Exception {
    String base = repo.head();
    // no workload is labelled app=sava yet: the selector matches nothing
    String head = repo.commit("by-version before the labels", Map.of(GATEWAY, BY_VERSION));

    Run text = plan(base, head, "text");
    Run md = plan(base, head, "markdown");
    Run json = plan(base, head, "json");

    assertThat(text.exitCode()).isEqualTo(2);
    assertThat(text.out())
        .contains("gateway by-version: new")
        .contains("+ by-version  added")
        .contains("    note: route '1.0.0' named in the gateway matches nothing that runs and is ready: it has no route\n")
        .contains("    note: selector label(app)(sava) && label(version)((.*)) matches nothing that runs and is ready:"
            + " the gateway has no routes\n");
    assertThat(md.out()).contains("> **Note:** selector label(app)(sava) && label(version)((.\\*)) matches nothing");
    JsonNode notes = gateway(JSON.readTree(json.out()), "by-version").path("notes");
    assertThat(notes).hasSize(2);
    assertThat(notes.get(1).asText()).startsWith("selector label(app)(sava) && label(version)((.*)) matches nothing");
    assertThat(gateway(JSON.readTree(json.out()), "by-version").path("routes")).isEmpty();
  }

  @Test
  void labellingTheClusterMakesTheRoutesAndTheNotesGo() throws Exception {
    String base = repo.commit("by-version before the labels", Map.of(GATEWAY, BY_VERSION));
    String head = repo.commit("label sava", Map.of(SAVA, labelled(repo.read(SAVA))));

    Run text = plan(base, head, "text");
    JsonNode gateway = gateway(JSON.readTree(plan(base, head, "json").out()), "by-version");

    assertThat(text.exitCode()).isEqualTo(2);
    assertThat(text.out())
        .contains("2 workloads to update")
        .contains("gateway by-version: route 1.0.0 added, route 1.1.0 added")
        .containsPattern("\n +\\+ 1\\.0\\.0 +90% +new route\n")
        .containsPattern("\n +\\+ 1\\.1\\.0 +10% +new route\n")
        .doesNotContain("note:");
    assertThat(routes(gateway)).containsExactly("1.0.0 added - 90 sava/sava/sava:1.0.0/web",
        "1.1.0 added - 10 sava/sava/sava:1.1.0/web");
    assertThat(gateway.has("notes")).isFalse();
  }

  private static JsonNode gateway(JsonNode review, String name) {
    for (JsonNode gateway : review.path("gateways")) {
      if (gateway.path("name").asText().equals(name)) {
        return gateway;
      }
    }
    throw new AssertionError("no gateway " + name + " in " + review.toPrettyString());
  }

  /** Each route as {@code name change weight-before weight-after target-after}. */
  private static List<String> routes(JsonNode gateway) {
    List<String> out = new ArrayList<>();
    for (JsonNode route : gateway.path("routes")) {
      out.add(route.path("name").asText() + " " + route.path("change").asText() + " "
          + (route.path("before").isObject() ? route.at("/before/weight").asText() : "-") + " "
          + route.at("/after/weight").asText() + " " + route.at("/after/target").asText());
    }
    return out;
  }

  private Run plan(String base, String head, String format) {
    return HistoryFixture.vamp("plan", "--repo", repo.dir().toString(), "--base", base, "--head", head, "--format",
        format);
  }
}
