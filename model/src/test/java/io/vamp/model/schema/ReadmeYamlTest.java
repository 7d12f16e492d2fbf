package io.vamp.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.read.ReadResult;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.resolve.ResolveContext;
import io.vamp.model.resolve.ResolveResult;
import io.vamp.model.resolve.Resolver;
import io.vamp.model.selector.SelectorRouting;
import io.vamp.model.selector.SelectorTarget;
import io.vamp.model.state.DesiredState;
import io.vamp.model.state.Gateway;
import io.vamp.model.yaml.YNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code yaml} block of the model README is a whole repository file that {@code vamp validate}
 * accepts (the same reader and resolver, on a directory holding just that file) and the JSON Schema
 * accepts; a selector gateway in one makes routes from the workloads declared beside it.
 */
class ReadmeYamlTest {
  private static final Path README = Path.of(System.getProperty("vamp.root", "..")).resolve("model/README.md");
  private static final Pattern YAML_BLOCK = Pattern.compile("(?ms)^```yaml\\n(.*?)^```$");

  @TempDir Path tmp;

  static List<String> yamlBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(markdown);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  /** What {@code vamp validate DIR} does, on a directory holding only {@code yaml}. */
  private DesiredState validate(int index, String yaml) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("block-" + index));
    Files.writeString(dir.resolve("example.yaml"), yaml, StandardCharsets.UTF_8);
    ReadResult read = new RepositoryReader().read(dir);
    assertThat(read.problems()).as("README yaml block %d read:%n%s", index, yaml).isEmpty();
    ResolveResult resolved = new Resolver(ResolveContext.DEFAULT).resolve(read.artifacts());
    assertThat(resolved.problems()).as("README yaml block %d resolved:%n%s", index, yaml).isEmpty();
    return resolved.state().orElseThrow();
  }

  private static List<Gateway> routedSelectorGateways(DesiredState state) {
    List<SelectorTarget> targets = state.workloads().stream().map(w -> SelectorTarget.of(w, "default")).toList();
    return state.gateways().stream().filter(g -> g.selector().isPresent())
        .map(g -> SelectorRouting.route(g, targets).gateway()).toList();
  }

  @Test
  void theBlockFinderFindsOnlyYamlBlocks() {
    assertThat(yamlBlocks("text\n```yaml\na: 1\n```\n```text\nb: 2\n```\n```yaml\nc: 3\n```\n"))
        .containsExactly("a: 1\n", "c: 3\n");
  }

  @Test
  void everyYamlBlockPassesVampValidateAndTheSchema() throws IOException {
    List<String> blocks = yamlBlocks(Files.readString(README, StandardCharsets.UTF_8));
    assertThat(blocks).as("yaml blocks in %s", README).isNotEmpty();
    SchemaValidator schema = SchemaValidator.root();
    for (int i = 0; i < blocks.size(); i++) {
      DesiredState state = validate(i, blocks.get(i));
      for (YNode document : SchemaValidator.documents("example.yaml", blocks.get(i))) {
        assertThat(schema.errors(YamlJson.toJson(document))).as("README yaml block %d, schema", i).isEmpty();
      }
      for (Gateway gateway : routedSelectorGateways(state)) {
        assertThat(gateway.routes()).as("README yaml block %d: selector gateway %s selects nothing", i,
            gateway.name()).isNotEmpty();
      }
    }
  }

  @Test
  void theSelectorExampleRoutesAsTheReadmeSays() throws IOException {
    String example = yamlBlocks(Files.readString(README, StandardCharsets.UTF_8)).stream()
        .filter(b -> b.contains("name: sava-versions")).findFirst().orElseThrow();
    List<Gateway> gateways = routedSelectorGateways(validate(0, example));
    assertThat(gateways).singleElement().satisfies(g -> assertThat(g.routes())
        .extracting(r -> r.name() + " " + r.weight() + "% " + r.target())
        .containsExactly("1.0.0 90% shop/sava/sava:1.0.0/web", "1.1.0 10% shop/sava/sava:1.1.0/web"));
  }
}
