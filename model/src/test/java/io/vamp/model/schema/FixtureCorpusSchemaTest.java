package io.vamp.model.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vamp.model.artifact.Kind;
import io.vamp.model.problem.Problems;
import io.vamp.model.yaml.YNode;
import io.vamp.model.yaml.YamlDocuments;
import io.vamp.model.yaml.YamlLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model's fixture corpus, document by document: every document the strict reader accepts must
 * validate against the schema (else editors would flag correct YAML), whichever way an editor applies it.
 */
class FixtureCorpusSchemaTest {
  private static final Path FIXTURES = Path.of(System.getProperty("vamp.root", ".."))
      .resolve("model/src/test/resources/fixtures");

  @Test
  void everyDocumentTheReaderAcceptsValidates() throws IOException {
    if (!Files.isDirectory(FIXTURES)) {
      return; // the corpus lives beside this test; nothing to hold the schema against without it
    }
    SchemaValidator root = SchemaValidator.root();
    List<String> falseAlarms = new ArrayList<>();
    int accepted = 0;
    int refusedByBoth = 0;
    int refusedByReaderOnly = 0;
    for (Path file : yamlFiles()) {
      Path fixture = FIXTURES.relativize(file);
      String relative = fixture.subpath(1, fixture.getNameCount()).toString().replace('\\', '/');
      Optional<Kind> folderKind = relative.contains("/")
          ? Kind.ofFolder(relative.substring(0, relative.indexOf('/'))) : Optional.empty();
      Problems syntax = new Problems();
      String text;
      try {
        text = Files.readString(file, StandardCharsets.UTF_8);
      } catch (java.nio.charset.MalformedInputException e) {
        continue;
      }
      List<YNode> documents = new YamlDocuments(YamlLimits.DEFAULT).parse(relative, text, syntax);
      if (!syntax.isEmpty()) {
        continue; // YAML-level problems: no document to speak of
      }
      for (YNode document : documents) {
        JsonNode json = YamlJson.toJson(document);
        boolean readerAccepts = SchemaValidator.readerProblems(relative, document, folderKind).isEmpty();
        List<String> errors = root.errors(json);
        if (readerAccepts) {
          accepted++;
          errors.forEach(e -> falseAlarms.add(fixture + " " + document.position() + ": " + e));
          folderKind.ifPresent(kind -> SchemaValidator.inFolder(kind).errors(json)
              .forEach(e -> falseAlarms.add(fixture + " in " + kind.folder() + "/: " + e)));
        } else if (errors.isEmpty()) {
          refusedByReaderOnly++;
        } else {
          refusedByBoth++;
        }
      }
    }
    System.out.printf("schema vs reader on the fixture corpus: %d documents accepted by both, %d refused by both,"
        + " %d refused by the reader only%n", accepted, refusedByBoth, refusedByReaderOnly);
    assertThat(accepted).isPositive();
    assertThat(falseAlarms).isEmpty();
  }

  private static List<Path> yamlFiles() throws IOException {
    try (Stream<Path> walk = Files.walk(FIXTURES)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
          .filter(p -> FIXTURES.relativize(p).getNameCount() > 1)
          .sorted().toList();
    }
  }
}
