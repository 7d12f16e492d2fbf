package io.vamp.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vamp.model.artifact.Kind;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.read.SourceFile;
import io.vamp.model.yaml.YNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DslSchemaTest {
  private static final Path ROOT = Path.of(System.getProperty("vamp.root", ".."));
  private static final Path COMMITTED = ROOT.resolve("model/src/main/resources").resolve(DslSchema.RESOURCE);

  @Test
  void committedSchemaIsTheGeneratedOne() throws IOException {
    String generated = DslSchema.json();
    if (Boolean.getBoolean("vamp.updateGolden")) {
      Files.createDirectories(COMMITTED.getParent());
      Files.writeString(COMMITTED, generated, StandardCharsets.UTF_8);
    }
    assertThat(COMMITTED).as("run the model tests with -Dvamp.updateGolden=true to write it").exists();
    assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
        .as("%s differs from DslSchema.generate(): run the model tests with -Dvamp.updateGolden=true", COMMITTED)
        .isEqualTo(generated);
  }

  @Test
  void generationIsDeterministic() {
    assertThat(DslSchema.json()).isEqualTo(DslSchema.json());
  }

  @Test
  void schemaIsAValidDraft07Schema() throws IOException {
    JsonNode schema = new ObjectMapper().readTree(DslSchema.json());
    assertThat(schema.path("$schema").asText()).isEqualTo(DslSchema.DRAFT);
    assertThat(SchemaValidator.draft07().errors(schema)).isEmpty();
    for (Kind kind : Kind.values()) {
      assertThat(SchemaValidator.draft07().errors(DslSchema.forFolder(kind))).as(kind.dsl()).isEmpty();
    }
  }

  @Test
  void everyKindAndSharedPartHasADefinition() {
    JsonNode definitions = DslSchema.generate().path("definitions");
    for (Kind kind : Kind.values()) {
      assertThat(definitions.has(kind.dsl())).as(DslSchema.definitionOf(kind)).isTrue();
      assertThat(definitions.has(kind.folder())).as(DslSchema.folderDefinitionOf(kind)).isTrue();
    }
    assertThat(definitions.fieldNames()).toIterable().contains("deployable", "ports", "environmentVariables",
        "healthChecks", "inlineScale", "routes", "clusterGateways", "externalGateways", "conditionRef", "inlineSla",
        "escalationList", "dialects", "sticky", "balance", "percentage");
  }

  @Test
  void everyExampleRepositoryDocumentValidates() {
    Path repo = ROOT.resolve("example-repo");
    List<SourceFile> files = RepositoryReader.sourceFiles(repo);
    assertThat(files).isNotEmpty();
    SchemaValidator root = SchemaValidator.root();
    List<String> failures = new ArrayList<>();
    int documents = 0;
    for (SourceFile file : files) {
      Optional<Kind> folderKind = file.path().contains("/")
          ? Kind.ofFolder(file.path().substring(0, file.path().indexOf('/'))) : Optional.empty();
      for (YNode document : SchemaValidator.documents(file.path(), file.text())) {
        documents++;
        JsonNode json = YamlJson.toJson(document);
        root.errors(json).forEach(e -> failures.add(file.path() + " " + document.position() + ": " + e));
        // an editor mapping the folder to its kind's definition must agree
        folderKind.ifPresent(kind -> SchemaValidator.inFolder(kind).errors(json)
            .forEach(e -> failures.add(file.path() + " in " + kind.folder() + "/: " + e)));
      }
    }
    assertThat(documents).isGreaterThanOrEqualTo(files.size());
    assertThat(failures).isEmpty();
  }

  @Test
  void classpathCopyIsReadable() {
    assertThat(DslSchema.resource()).startsWith("{").contains("\"definitions\"");
  }
}
