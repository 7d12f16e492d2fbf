/**
 * The JSON Schema (draft-07) of the DSL, generated from the model's own constants by
 * {@link io.vamp.model.schema.DslSchema}, so that editors check YAML as people type.
 *
 * <p>A generated copy is kept on the classpath at {@code io/vamp/model/schema/vamp-dsl.schema.json}
 * (in {@code model/src/main/resources}); a test fails when it differs from what the code generates.
 * After changing the reader or the schema code, regenerate it with
 * {@code ./mvnw -B -pl model test -Dtest=DslSchemaTest -Dvamp.updateGolden=true}.
 *
 * <p>Using it in an editor (VS Code's YAML extension, or any client of yaml-language-server):
 * <pre>
 * # on the first line of one file
 * # yaml-language-server: $schema=../model/src/main/resources/io/vamp/model/schema/vamp-dsl.schema.json
 *
 * // or for a whole repository, in .vscode/settings.json ("yaml.schemas"): schema to file globs
 * "yaml.schemas": {
 *   "./vamp-dsl.schema.json": ["*.yaml", "*.yml"],
 *   "./vamp-dsl.schema.json#/definitions/breeds": ["breeds/**"],
 *   "./vamp-dsl.schema.json#/definitions/blueprints": ["blueprints/**"],
 *   "./vamp-dsl.schema.json#/definitions/deployments": ["deployments/**"],
 *   "./vamp-dsl.schema.json#/definitions/gateways": ["gateways/**"]
 * }
 * </pre>
 * The root schema takes the kind from {@code kind:}; a document without one (its kind implied by its
 * top folder, which a schema cannot see) is accepted as any kind it fits. Mapping each folder to its
 * definition ({@code #/definitions/breeds}, {@code blueprints}, {@code deployments}, {@code gateways},
 * {@code scales}, {@code conditions}, {@code slas}, {@code escalations}: the folder's kind unless a
 * document's {@code kind:} names another) gives exact checks there. The strict schema of one kind alone
 * is {@code #/definitions/breed} and so on. An editor without URL-fragment support can be given
 * {@link io.vamp.model.schema.DslSchema#forFolder} written to a file instead.
 *
 * <p>What the schema checks: every key each kind accepts (and its aliases, {@code env} for
 * {@code environment_variables} and so on), the shorthand forms, names (the rules of
 * {@link io.vamp.model.read.Names}, copied once in {@code NamePatterns} and tested against it), value
 * syntaxes (percentages, durations, memory, CPUs, ports) and the closed word lists (kinds, deployable
 * types, balance, sticky, protocols, dialects). What it cannot check, the reader and resolver do:
 * references, weights totalling 100, condition syntax, placeholders, ports of other clusters. It is
 * never stricter than the reader: a document the reader accepts validates. Values are typed as the
 * reader types them (YAML 1.1, see {@link io.vamp.model.schema.YamlJson}); an editor reading YAML 1.2
 * sees {@code yes} or {@code 1_000} as text, which only matters where a number is required.
 *
 * <p>Depends on the artifact enums, {@code ArtifactReader.DIALECT_NAMES} and Jackson's tree model; no
 * validator library (tests use one).
 */
package io.vamp.model.schema;
