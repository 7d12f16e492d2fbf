package io.vamp.reconciler.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.reconciler.cli.HistoryFixture.Run;
import io.vamp.reconciler.review.ExampleRepository;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vamp plan} end to end through {@link Main#run}: real Git repositories made of the example
 * repository and real commits on top of it, each case checked on its output and exit code.
 *
 * <p>The weight-change case is also compared with golden files in {@code src/test/resources/review}
 * (shas replaced by {@code bbbbbbb...} and {@code hhhhhhh...}); rerun with
 * {@code -Dvamp.updateGolden=true} to rewrite them after a deliberate change of the output or of
 * the example repository.
 */
class PlanCommandTest {

  private static final String SAVA = "deployments/sava.yaml";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private ExampleRepository repo;
  private String base;

  @BeforeEach
  void exampleRepository() {
    repo = ExampleRepository.create(tmp.resolve("repo"));
    base = repo.head();
  }

  @AfterEach
  void close() {
    repo.close();
  }

  @Test
  void aWeightChangeShowsOnlyTheRouteWeightsAndExits2() throws IOException {
    String head = weightsTo5050();

    Run text = plan("--format", "text");
    assertThat(text.exitCode()).isEqualTo(2);
    assertThat(text.out())
        .contains("gateway sava/sava/web: weights change")
        .contains("~ sava:1.0.0  90% → 50%\n")
        .contains("~ sava:1.1.0  10% → 50%  condition: user-agent == Firefox (100%)\n")
        .contains("~ deployment sava  changed")
        .doesNotContain("Workloads")
        .doesNotContain("orders");
    assertThat(sections(text.out())).containsExactly("Artifacts", "Gateways");

    assertGolden("weight-change.txt", normalized(text.out(), head));
    assertGolden("weight-change.md", normalized(plan("--format", "markdown").out(), head));
    assertGolden("weight-change.json", normalized(plan("--format", "json").out(), head));
  }

  @Test
  void theMarkdownFormIsAPullRequestComment() {
    String head = weightsTo5050();

    Run md = plan("--format", "markdown");

    assertThat(md.exitCode()).isEqualTo(2);
    assertThat(md.out())
        .startsWith("### vamp plan `" + base.substring(0, 7) + "`..`" + head.substring(0, 7) + "`\n")
        .contains("**gateway sava/sava/web: weights change; artifacts: 1 changed**")
        .contains("| route | weight | condition | condition strength |")
        .contains("| `sava:1.0.0` | 90% → 50% |  |  |")
        .contains("| `sava:1.1.0` | 10% → 50% | `user-agent == Firefox` | 100% |")
        .doesNotContain("\u001b");
  }

  @Test
  void theJsonFormIsStableAndComplete() throws IOException {
    weightsTo5050();

    Run run = plan("--format", "json");
    JsonNode json = JSON.readTree(run.out());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(fieldNames(json)).containsExactly("base", "head", "valid", "changes", "exit_code", "summary",
        "artifacts", "workloads", "gateways");
    assertThat(json.at("/base/sha").asText()).isEqualTo(base);
    assertThat(json.at("/exit_code").asInt()).isEqualTo(2);
    assertThat(json.at("/workloads")).isEmpty();
    JsonNode gateway = json.at("/gateways/0");
    assertThat(gateway.at("/name").asText()).isEqualTo("sava/sava/web");
    assertThat(gateway.at("/aspects/0").asText()).isEqualTo("weights change");
    assertThat(gateway.at("/routes/0/before/weight").asInt()).isEqualTo(90);
    assertThat(gateway.at("/routes/0/after/weight").asInt()).isEqualTo(50);
    assertThat(gateway.at("/routes/1/after/condition").asText()).isEqualTo("user-agent == Firefox");
    assertThat(plan("--format", "json").out()).isEqualTo(run.out());
  }

  @Test
  void aNewServiceIsAWorkloadToCreateAndANewRoute() {
    repo.commit("sava 1.2.0 joins the canary", Map.of(
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
              API_TOKEN: tok-1234567890
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
        SAVA, """
            kind: deployment
            name: sava
            blueprints: [ sava:1.0.0, sava:1.1.0, sava:1.2.0 ]
            clusters:
              sava:
                gateways:
                  routes:
                    sava:1.0.0: { weight: 80% }
                    sava:1.1.0:
                      weight: 10%
                      condition: { ref: firefox-users }
                      condition_strength: 100%
                    sava:1.2.0: { weight: 10% }
            """));

    Run run = plan();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out())
        .contains("1 workload to create; gateway sava/sava/web: route sava:1.2.0 added, weights change")
        .contains("+ sava/sava/sava:1.2.0  create\n")
        .contains("      deployable                command: java apps/Sava.java\n")
        .contains("      environment.SAVA_VERSION  \"1.2.0\"\n")
        .contains("      environment.API_TOKEN     (value hidden)\n")
        .contains("~ sava:1.0.0  90% → 80%\n")
        .contains("  sava:1.1.0  10%")
        .contains("+ sava:1.2.0  10%        new route\n")
        .contains("+ breed sava:1.2.0")
        .contains("+ blueprint sava:1.2.0")
        .doesNotContain("tok-1234567890")
        .doesNotContain("to update");
  }

  @Test
  void aRemovedServiceIsAWorkloadToRemoveAndItsRouteGone() {
    repo.commit("sava 1.1.0 is out", Map.of(SAVA, """
        kind: deployment
        name: sava
        blueprints: [ sava:1.0.0 ]
        clusters:
          sava:
            gateways:
              routes:
                sava:1.0.0: { weight: 100% }
        """));

    Run run = plan();

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out())
        .contains("1 workload to remove; gateway sava/sava/web: route sava:1.1.0 removed, weights change")
        .contains("- sava/sava/sava:1.1.0  remove\n")
        .contains("~ sava:1.0.0  90% → 100%\n")
        .contains("- sava:1.1.0  10%         route removed  condition: user-agent == Firefox (100%)\n")
        .doesNotContain("create");
  }

  @Test
  void anInvalidHeadExits1WithItsProblemsInEveryForm() throws IOException {
    String head = repo.commitEdit("weights total 90", SAVA, "weight: 90%", "weight: 80%");
    String problem = "deployments/sava.yaml:" + lineOf(SAVA, "routes:") + ":7: clusters.sava.gateways: "
        + "route weights of gateway 'sava/sava/web' total 90%";

    Run text = plan();
    Run md = plan("--format", "markdown");
    Run json = plan("--format", "json");

    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.out()).contains("head " + head.substring(0, 7) + " is invalid (1 problem)")
        .contains("\n" + problem);
    assertThat(sections(text.out())).isEmpty();
    assertThat(md.exitCode()).isEqualTo(1);
    assertThat(md.out()).contains("is invalid** (1 problem)").contains("```text\n" + problem);
    assertThat(json.exitCode()).isEqualTo(1);
    JsonNode node = JSON.readTree(json.out());
    assertThat(node.at("/valid").asBoolean()).isFalse();
    assertThat(node.at("/head/problems/0/file").asText()).isEqualTo("deployments/sava.yaml");
    assertThat(node.at("/head/problems/0/line").asInt()).isEqualTo(lineOf(SAVA, "routes:"));
    assertThat(node.at("/head/problems/0/message").asText()).contains("total 90%");
    assertThat(node.has("gateways")).isFalse();
  }

  @Test
  void theSameRevisionOnBothSidesIsNoChange() {
    Run run = plan("--head", base);

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).endsWith("\nno changes\n");
  }

  @Test
  void aCommentOrFormattingOnlyChangeIsNoChange() {
    repo.commit("comments and flow style", Map.of(SAVA, "# moved traffic? not yet\n" + repo.read(SAVA)
        .replace("sava:1.0.0: { weight: 90% }", "sava:1.0.0:\n          weight: 90%   # most of it")));

    Run run = plan();
    Run json = plan("--format", "json");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("no changes");
    assertThat(json.exitCode()).isZero();
    assertThat(json.out()).contains("\"changes\" : false");
  }

  @Test
  void secretLookingValuesAreNeverShown() throws IOException {
    repo.commitEdit("rotate the database password", "deployments/orders.yaml",
        "orders.DB_PASSWORD: not-a-secret-demo-only", "orders.DB_PASSWORD: hunter2-rotated");

    for (String format : List.of("text", "markdown", "json")) {
      Run run = plan("--format", format);
      assertThat(run.exitCode()).isEqualTo(2);
      assertThat(run.out()).as(format).contains("environment.DB_PASSWORD")
          .doesNotContain("hunter2").doesNotContain("not-a-secret-demo-only");
    }
    assertThat(plan().out()).contains("~ orders/orders/orders:2.3.0  update\n"
        + "      environment.DB_PASSWORD  changed (value hidden)\n");
    assertThat(plan("--format", "markdown").out())
        .contains("| `environment.DB_PASSWORD` | *hidden* | *hidden, changed* |");
    JsonNode field = JSON.readTree(plan("--format", "json").out()).at("/workloads/0/fields/0");
    assertThat(field.toString())
        .isEqualTo("{\"field\":\"environment.DB_PASSWORD\",\"change\":\"changed\",\"masked\":true}");
  }

  @Test
  void environmentChangesShowEachVariableAndMarkdownFoldsLongOnes() {
    repo.commitEdit("more settings for 1.0.0", "breeds/sava.yaml", "  GREETING: Hello from sava\n",
        "  GREETING: Hi from sava\n  A: a\n  B: b\n  C: c\n  D: d\n  E: e\n");

    Run text = plan();
    Run md = plan("--format", "markdown");

    assertThat(text.exitCode()).isEqualTo(2);
    assertThat(text.out()).contains("~ sava/sava/sava:1.0.0  update\n")
        .contains("      environment.A         (unset) → \"a\"\n")
        .contains("      environment.GREETING  \"Hello from sava\" → \"Hi from sava\"\n")
        .doesNotContain("sava:1.1.0  update");
    assertThat(md.out()).contains("**Update** `sava/sava/sava:1.0.0`")
        .contains("<details><summary>environment: 6 variables change</summary>")
        .contains("| `environment.GREETING` | `\"Hello from sava\"` | `\"Hi from sava\"` |")
        .contains("</details>");
  }

  @Test
  void anInvalidBaseIsComparedAsEmpty() {
    String broken = repo.commitEdit("weights total 90", SAVA, "weight: 90%", "weight: 80%");
    repo.commitEdit("fixed", SAVA, "weight: 80%", "weight: 90%");

    Run run = plan("--base", broken);

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out())
        .contains("base " + broken.substring(0, 7) + " is invalid (1 problem): compared against an empty base")
        .contains("  deployments/sava.yaml:" + lineOf(SAVA, "routes:") + ":7: ")
        .contains("4 workloads to create")
        .contains("gateway sava/sava/web: new")
        .containsPattern("\\+ deployment sava +added\n")
        .contains("+ sava:1.1.0  10%  new route  condition: user-agent == Firefox (100%)\n");
  }

  @Test
  void revisionsByBranchTagAndAncestryWorkAndSoDoesABareRepository() throws Exception {
    weightsTo5050();
    Path bare = repo.bareClone(tmp.resolve("bare.git"));

    repo.tag("v1", base);

    Run byName = plan("--base", "main~1", "--head", "main");
    Run byTag = plan("--base", "v1", "--head", "main");
    Run fromBare = planIn(bare, "--base", "HEAD~1", "--head", "HEAD");

    assertThat(byName.exitCode()).isEqualTo(2);
    assertThat(byName.out()).contains("(base main~1, head main)").contains("90% → 50%");
    assertThat(byTag.out()).isEqualTo(byName.out().replace("(base main~1,", "(base v1,"));
    assertThat(fromBare.exitCode()).isEqualTo(2);
    assertThat(fromBare.out()).contains("90% → 50%");
  }

  @Test
  void unknownRevisionsAndMissingRepositoriesExit1WithAMessage() throws IOException {
    Run unknown = plan("--base", "no-such-branch");
    Path empty = Files.createDirectories(tmp.resolve("not-a-repo"));
    Run noRepo = planIn(empty, "--base", "HEAD~1", "--head", "HEAD");

    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.out()).isEmpty();
    assertThat(unknown.err()).contains("vamp plan: 'no-such-branch' does not name a commit");
    assertThat(noRepo.exitCode()).isEqualTo(1);
    assertThat(noRepo.err()).contains("is not a Git repository");
  }

  @Test
  void aSubPathReadsOnlyThatDirectoryAndProblemsNameRepositoryPaths() {
    try (ExampleRepository nested = ExampleRepository.create(tmp.resolve("nested"), "vamp")) {
      String before = nested.head();
      nested.commitEdit("weights total 90", SAVA, "weight: 90%", "weight: 80%");

      Run run = planIn(nested.dir(), "--base", before, "--head", "HEAD", "--path", "vamp");
      Run root = planIn(nested.dir(), "--base", before, "--head", "HEAD");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.out()).contains("vamp/deployments/sava.yaml:" + lineOf(SAVA, "routes:") + ":7: ");
      assertThat(root.exitCode()).as("at the root the folder kinds are not recognised").isNotZero();
    }
  }

  @Test
  void aUsageErrorExits1NotTheExitCodeOfChanges() {
    Run missingHead = HistoryFixture.vamp("plan", "--repo", repo.dir().toString(), "--base", base);
    Run badFormat = plan("--format", "yaml");

    assertThat(missingHead.exitCode()).isEqualTo(1);
    assertThat(missingHead.err()).contains("Missing required option: '--head=REV'");
    assertThat(badFormat.exitCode()).isEqualTo(1);
    assertThat(badFormat.err()).contains("--format");
  }

  @Test
  void helpNamesEveryOption() {
    Run run = HistoryFixture.vamp("plan", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("--repo=PATH", "--base=REV", "--head=REV", "--format=FORMAT",
        "--path=SUBPATH");
  }

  /** The 1-based line of the first line of the example's {@code path} that contains {@code text}. */
  private static int lineOf(String path, String text) {
    List<String> lines = ExampleRepository.exampleFiles().get(path).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i + 1;
      }
    }
    throw new AssertionError(text + " not in " + path);
  }

  private String weightsTo5050() {
    return repo.commit("sava: 50/50", Map.of(SAVA, repo.edited(SAVA, "weight: 90%", "weight: 50%")
        .replace("weight: 10%", "weight: 50%")));
  }

  /** {@code vamp plan --repo <repo> --base <first commit> --head HEAD}, with {@code more} options instead. */
  private Run plan(String... more) {
    List<String> args = new ArrayList<>(List.of(more));
    if (!args.contains("--base")) {
      args.addAll(List.of("--base", base));
    }
    if (!args.contains("--head")) {
      args.addAll(List.of("--head", "HEAD"));
    }
    return planIn(repo.dir(), args.toArray(String[]::new));
  }

  private static Run planIn(Path repository, String... args) {
    List<String> all = new ArrayList<>(List.of("plan", "--repo", repository.toString()));
    all.addAll(List.of(args));
    return HistoryFixture.vamp(all.toArray(String[]::new));
  }

  /** The titles of the text form's sections (lines that start with a capital and are not indented). */
  private static List<String> sections(String text) {
    return text.lines().filter(l -> l.matches("[A-Z][a-z]+")).toList();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private String normalized(String output, String head) {
    return output.replace(base, "b".repeat(40)).replace(head, "h".repeat(40))
        .replace(base.substring(0, 7), "b".repeat(7)).replace(head.substring(0, 7), "h".repeat(7));
  }

  private static void assertGolden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("vamp.updateGolden")) {
      Path file = Path.of(System.getProperty("vamp.root"), "reconciler/src/test/resources/review", name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = PlanCommandTest.class.getResourceAsStream("/review/" + name)) {
      assertThat(in).as("golden file review/%s (create it with -Dvamp.updateGolden=true)", name).isNotNull();
      assertThat(actual).as("review/" + name).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
