package io.vamp.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.vamp.model.artifact.Kind;
import io.vamp.model.problem.Problem;
import io.vamp.model.problem.Problems;
import io.vamp.model.read.ArtifactReader;
import io.vamp.model.yaml.YNode;
import io.vamp.model.yaml.YamlDocuments;
import io.vamp.model.yaml.YamlLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The generated schema in a real validator (networknt, draft-07), next to the model's own reader, so
 * tests can hold the two side by side. Schemas and the validator only meet as JSON text: the validator
 * speaks Jackson 3, the model Jackson 2.
 */
final class SchemaValidator {
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  private final Schema schema;

  private SchemaValidator(String schemaJson) {
    this.schema = REGISTRY.getSchema(schemaJson, InputFormat.JSON);
  }

  private static final Map<Kind, SchemaValidator> FOLDERS = new ConcurrentHashMap<>();

  /** The whole DSL: any kind of document. */
  static SchemaValidator root() {
    return new SchemaValidator(DslSchema.json());
  }

  /** Documents in one kind's folder, as an editor that maps the folder to {@code #/definitions/FOLDER} sees them. */
  static SchemaValidator inFolder(Kind kind) {
    return FOLDERS.computeIfAbsent(kind, k -> new SchemaValidator(DslSchema.text(DslSchema.forFolder(k))));
  }

  static SchemaValidator of(String schemaJson) {
    return new SchemaValidator(schemaJson);
  }

  /** The draft-07 meta-schema. */
  static SchemaValidator draft07() {
    return new SchemaValidator("{\"$ref\": \"" + DslSchema.DRAFT + "\"}");
  }

  List<String> errors(JsonNode instance) {
    return errors(instance.toString());
  }

  List<String> errors(String json) {
    return schema.validate(json, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  /** The documents of a YAML text, as parsed by the model (syntax problems fail the test). */
  static List<YNode> documents(String file, String yaml) {
    Problems problems = new Problems();
    List<YNode> documents = new YamlDocuments(YamlLimits.DEFAULT).parse(file, yaml, problems);
    if (!problems.isEmpty()) {
      throw new AssertionError("YAML problems in " + file + ": " + problems.sorted());
    }
    return documents;
  }

  /** What the model's strict reader says about one document. */
  static List<Problem> readerProblems(String file, YNode document, Optional<Kind> folderKind) {
    Problems problems = new Problems();
    new ArtifactReader(file, problems).read(document, folderKind);
    List<Problem> sorted = new ArrayList<>(problems.sorted());
    return sorted;
  }
}
