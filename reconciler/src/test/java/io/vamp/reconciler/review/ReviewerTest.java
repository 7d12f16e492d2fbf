package io.vamp.reconciler.review;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.vamp.model.Dsl;
import io.vamp.model.read.SourceFile;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.state.Gateway;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The pure comparison: the example repository's files edited in memory, no Git. */
class ReviewerTest {

  private static final String SAVA = "deployments/sava.yaml";
  private static final String BASE_SHA = "b".repeat(40);
  private static final String HEAD_SHA = "h".repeat(40);

  @Test
  void theSameFilesGiveNoChange() {
    Review review = review(files -> files);

    assertThat(review.valid()).isTrue();
    assertThat(review.hasChanges()).isFalse();
    assertThat(review.exitCode()).isZero();
    assertThat(review.summary()).isEqualTo("no changes");
  }

  @Test
  void movingDocumentsBetweenFilesAndReformattingThemIsNoChange() {
    Review review = review(edit("blueprints/sava.yaml", "scale: small", "scale: { ref: small }").andThen(files -> {
      String breeds = files.remove("breeds/sava.yaml");
      files.put("breeds/sava-both.yml", "# reordered and commented\n" + breeds.replace("  failures: 3\n",
          "  failures: 3   # three strikes\n"));
      return files;
    }));

    assertThat(review.hasChanges()).isFalse();
  }

  @Test
  void aChangedValueOfAnArtifactIsAChangedArtifact() {
    Review review = review(edit("scales/small.yaml", "instances: 1", "instances: 2"));

    assertThat(review.artifacts()).containsExactly(new ArtifactChange(io.vamp.model.artifact.Kind.SCALE, "small",
        Change.CHANGED));
    assertThat(review.workloads()).extracting(w -> w.id().toString()).containsExactly(
        "orders/orders/orders:2.3.0", "sava/sava/sava:1.0.0", "sava/sava/sava:1.1.0");
    assertThat(review.workloads().get(1).fields()).containsExactly(
        FieldChange.of("resources", "instances", java.util.Optional.of("1"), java.util.Optional.of("2"), false));
    assertThat(review.summary()).isEqualTo("3 workloads to update; artifacts: 1 changed");
  }

  @Test
  void headKeepsTheGatewayPortsOfBase() {
    int hashed = port(Dsl.evaluate(sources(files()), ResolveContext.DEFAULT), "sava/sava/web");
    // base: a standalone gateway holds sava/sava/web's hashed port, so sava/sava/web probed on to the next
    Map<String, String> baseFiles = files();
    baseFiles.put("gateways/blocker.yaml", "kind: gateway\nname: blocker\nport: " + hashed + "/http\n"
        + "routes:\n  \"[127.0.0.1:9999]\": { weight: 100% }\n");
    // head: the blocker is gone; resolved alone, sava/sava/web would move back to its hashed port
    Map<String, String> headFiles = files();
    assertThat(port(Dsl.evaluate(sources(headFiles), ResolveContext.DEFAULT), "sava/sava/web")).isEqualTo(hashed);

    Review review = Reviewer.review(snapshot("base", BASE_SHA, baseFiles), snapshot("head", HEAD_SHA, headFiles));

    assertThat(review.gateways()).extracting(GatewayChange::name, GatewayChange::change)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("blocker", Change.REMOVED));
    assertThat(port(review.headState(), "sava/sava/web")).isEqualTo(port(review.baseState(), "sava/sava/web"))
        .isNotEqualTo(hashed);
  }

  @Test
  void gatewaySettingsAndConditionsAreComparedField_byField() {
    Review review = review(edit(SAVA, "    gateways:\n      routes:\n",
        "    gateways:\n      sticky: route\n      routes:\n").andThen(edit(SAVA, "sava:1.0.0: { weight: 90% }",
        "sava:1.0.0: { weight: 90%, condition: \"user-agent == Chrome\", condition_strength: 50% }")));

    assertThat(review.head().problems()).isEmpty();
    GatewayChange gateway = review.gateways().get(0);
    assertThat(gateway.name()).isEqualTo("sava/sava/web");
    assertThat(gateway.fields()).extracting(FieldChange::field).containsExactly("sticky");
    assertThat(gateway.aspects()).containsExactly("sticky changes", "conditions change",
        "condition strengths change");
    String text = Format.TEXT.render(review);
    assertThat(text)
        .contains("~ sava/sava/web  changed  internal · port ")
        .contains(" · http · sticky none → route\n")
        .contains("~ sava:1.0.0  90%  condition: none → user-agent == Chrome (50%)\n")
        .contains("  sava:1.1.0  10%  condition: user-agent == Firefox (100%)\n");
    assertThat(Format.MARKDOWN.render(review))
        .contains("| `sava:1.0.0` | 90% | *none* → `user-agent == Chrome` | 0% → 50% |");
  }

  @Test
  void aStandaloneGatewayShowsItsPortAndVirtualHostsBeforeAndAfter() {
    String gateway = "kind: gateway\nname: public\nport: 9090/http\nroutes:\n  sava/sava/web: { weight: 100% }\n";
    Map<String, String> baseFiles = files();
    baseFiles.put("gateways/public.yaml", gateway);
    Map<String, String> headFiles = files();
    headFiles.put("gateways/public.yaml", gateway.replace("9090/http", "9091/http")
        .replace("routes:", "virtual_hosts: [ www.example.org, example.org ]\nroutes:"));

    Review review = Reviewer.review(snapshot("base", BASE_SHA, baseFiles), snapshot("head", HEAD_SHA, headFiles));

    assertThat(review.head().problems()).isEmpty();
    assertThat(review.gateways()).singleElement().satisfies(g -> {
      assertThat(g.fields()).extracting(FieldChange::field).containsExactly("port", "virtual_hosts");
      assertThat(g.aspects()).containsExactly("port changes", "virtual hosts change");
    });
    assertThat(Format.TEXT.render(review)).contains("  ~ public  changed  standalone · port 9090 → 9091 · http · "
        + "sticky none · virtual hosts none → example.org, www.example.org\n"
        + "      sava/sava/web  100%\n");
  }

  @Test
  void workloadFieldsAreComparedOneByOne() {
    Review review = review(edit("blueprints/sava.yaml", "      - breed: { ref: sava:1.0.0 }\n        scale: small\n",
        "      - breed: { ref: sava:1.0.0 }\n        scale: small\n"
            + "        arguments: [ { privileged: \"true\" }, { api-key: abc123 } ]\n"
            + "        kubernetes: { labels: { team: web }, secretRef: { name: s3 } }\n")
        .andThen(edit("breeds/sava.yaml", "  definition: java apps/Sava.java\nports:\n  web: 8080/http\n"
            + "environment_variables:\n  SAVA_VERSION: 1.0.0", "  definition: java apps/Sava.java --fast\n"
            + "ports:\n  web: 8081/http\nenvironment_variables:\n  SAVA_VERSION: 1.0.0"))
        .andThen(edit("breeds/sava.yaml", "  interval: 2s\n  timeout: 1s\n  failures: 3\n---",
            "  interval: 5s\n  timeout: 1s\n  failures: 3\n---")));

    WorkloadChange sava = review.workloads().get(0);
    assertThat(review.workloads()).hasSize(1);
    assertThat(sava.id().toString()).isEqualTo("sava/sava/sava:1.0.0");
    assertThat(sava.fields()).extracting(FieldChange::field).containsExactly("deployable", "ports.web",
        "health_checks", "arguments.api-key", "arguments.privileged", "dialects.kubernetes.labels.team",
        "dialects.kubernetes.secretRef.name");
    String text = Format.TEXT.render(review);
    assertThat(text)
        .contains("deployable                          command: java apps/Sava.java → command: java apps/Sava.java --fast\n")
        .contains("ports.web                           8080/http → 8081/http\n")
        .contains("every 2s, timeout 1s, 3 failures → HTTP /health on web, initial delay 1s, every 5s,")
        .contains("arguments.api-key                   set (value hidden)\n")
        .contains("arguments.privileged                (unset) → \"true\"\n")
        .contains("dialects.kubernetes.labels.team     (unset) → web\n")
        .contains("dialects.kubernetes.secretRef.name  set (value hidden)\n")
        .doesNotContain("abc123").doesNotContain("s3\n");
  }

  @Test
  void anInvalidHeadHasOnlyItsProblems() {
    Review review = review(edit(SAVA, "weight: 90%", "weight: 91%"));

    assertThat(review.valid()).isFalse();
    assertThat(review.exitCode()).isEqualTo(1);
    assertThat(review.hasChanges()).isFalse();
    assertThat(review.head().problems()).singleElement()
        .satisfies(p -> assertThat(p.toString()).startsWith("deployments/sava.yaml:").contains("total 101%"));
    assertThat(review.summary()).isEqualTo("head is invalid: 1 problem");
  }

  @Test
  void anInvalidBaseComparesAgainstNothing() {
    Map<String, String> broken = files();
    broken.put("breeds/broken.yaml", "kind: breed\nname: broken\nunknown_key: 1\n");

    Review review = Reviewer.review(snapshot("base", BASE_SHA, broken), snapshot("head", HEAD_SHA, files()));

    assertThat(review.base().valid()).isFalse();
    assertThat(review.valid()).isTrue();
    assertThat(review.artifacts()).allMatch(a -> a.change() == Change.ADDED).hasSize(11);
    assertThat(review.workloads()).allMatch(w -> w.change() == Change.ADDED).hasSize(4);
    assertThat(review.gateways()).allMatch(g -> g.change() == Change.ADDED).hasSize(5);
  }

  @Test
  void unreadableFilesMakeTheirSideInvalidWithTheirProblemsAsGiven() {
    Review review = Reviewer.review(snapshot("base", BASE_SHA, files()), Snapshot.unreadable("head", "head",
        "vamp", List.of(new io.vamp.model.problem.Problem("vamp/big.yaml", 0, 0, "", "file is too big"))));

    assertThat(review.valid()).isFalse();
    assertThat(review.head().problems()).extracting(Object::toString)
        .containsExactly("vamp/big.yaml:0:0: file is too big");
    assertThat(review.head().shortSha()).isEqualTo("head");
  }

  @Test
  void fileOrderDoesNotChangeTheOutput() {
    UnaryOperator<Map<String, String>> change = edit(SAVA, "weight: 90%", "weight: 50%")
        .andThen(edit(SAVA, "weight: 10%", "weight: 50%"))::apply;
    Review review = review(change);
    List<SourceFile> reversed = new ArrayList<>(sources(change.apply(files())));
    Collections.reverse(reversed);
    Review again = Reviewer.review(snapshot("base", BASE_SHA, files()),
        new Snapshot("head", HEAD_SHA, "", reversed, List.of()));

    for (Format format : Format.values()) {
      assertThat(format.render(again)).isEqualTo(format.render(review));
    }
  }

  @Test
  void anExtraSectionAppearsInEveryForm() {
    Section extra = new Section() {
      @Override
      public String key() {
        return "haproxy_config";
      }

      @Override
      public boolean isEmpty(Review review) {
        return false;
      }

      @Override
      public void text(Review review, StringBuilder out) {
        out.append("HAProxy configuration\n  (diff)\n");
      }

      @Override
      public void markdown(Review review, StringBuilder out) {
        out.append("#### HAProxy configuration\n");
      }

      @Override
      public JsonNode json(Review review) {
        return TextNode.valueOf("(diff)");
      }
    };
    List<Section> sections = new ArrayList<>(Sections.standard());
    sections.add(extra);
    Review review = review(edit(SAVA, "weight: 90%", "weight: 50%").andThen(edit(SAVA, "weight: 10%", "weight: 50%")));

    assertThat(Format.TEXT.render(review, sections)).endsWith("\nHAProxy configuration\n  (diff)\n");
    assertThat(Format.MARKDOWN.render(review, sections)).endsWith("\n#### HAProxy configuration\n");
    assertThat(Format.JSON.render(review, sections)).contains("\"haproxy_config\" : \"(diff)\"\n}");
  }

  @Test
  void secretLookingNames() {
    assertThat(List.of("DB_PASSWORD", "db_passwd", "API_TOKEN", "AWS_SECRET_ACCESS_KEY", "ssh-key",
        "GoogleCredentials", "client_secret")).allMatch(Secrets::looksSecret);
    assertThat(List.of("GREETING", "SAVA_VERSION", "DB_URL", "PORT", "TIMEOUT")).noneMatch(Secrets::looksSecret);
  }

  // ---------------------------------------------------------------- helpers

  private static Review review(UnaryOperator<Map<String, String>> change) {
    return Reviewer.review(snapshot("base", BASE_SHA, files()), snapshot("head", HEAD_SHA, change.apply(files())));
  }

  private interface Edit extends UnaryOperator<Map<String, String>> {
    default Edit andThen(Edit next) {
      return files -> next.apply(apply(files));
    }
  }

  private static Edit edit(String path, String from, String to) {
    return files -> {
      assertThat(files.get(path)).as(path).contains(from);
      files.put(path, files.get(path).replace(from, to));
      return files;
    };
  }

  private static Map<String, String> files() {
    return new TreeMap<>(ExampleRepository.exampleFiles());
  }

  private static List<SourceFile> sources(Map<String, String> files) {
    return files.entrySet().stream().map(e -> new SourceFile(e.getKey(), e.getValue())).toList();
  }

  private static Snapshot snapshot(String rev, String sha, Map<String, String> files) {
    return Snapshot.of(rev, sha, "", sources(files));
  }

  private static int port(Dsl.Evaluation evaluation, String gateway) {
    assertThat(evaluation.problems()).isEmpty();
    return port(evaluation.state().orElseThrow(), gateway);
  }

  private static int port(io.vamp.model.state.DesiredState state, String gateway) {
    return state.gateway(gateway).map(Gateway::port).orElseThrow();
  }
}
