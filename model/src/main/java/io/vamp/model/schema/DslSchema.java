package io.vamp.model.schema;

import static io.vamp.model.schema.NamePatterns.END;
import static io.vamp.model.schema.SchemaNodes.anyOf;
import static io.vamp.model.schema.SchemaNodes.caseInsensitive;
import static io.vamp.model.schema.SchemaNodes.constant;
import static io.vamp.model.schema.SchemaNodes.describe;
import static io.vamp.model.schema.SchemaNodes.enumOf;
import static io.vamp.model.schema.SchemaNodes.node;
import static io.vamp.model.schema.SchemaNodes.pattern;
import static io.vamp.model.schema.SchemaNodes.ref;
import static io.vamp.model.schema.SchemaNodes.required;
import static io.vamp.model.schema.SchemaNodes.type;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.artifact.Balance;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Kind;
import io.vamp.model.artifact.Protocol;
import io.vamp.model.artifact.Sla;
import io.vamp.model.artifact.Sticky;
import io.vamp.model.read.ArtifactReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The JSON Schema (draft-07) of one DSL document, generated from the model's own constants so that
 * editors check YAML as people type.
 *
 * <p>The schema follows {@link ArtifactReader}: the same keys and aliases per kind, the same shorthand
 * forms, {@code additionalProperties: false} wherever the reader refuses unknown keys, and patterns for
 * names and value syntaxes. It is deliberately never stricter than the reader (a document the reader
 * accepts always validates), and it cannot see what only resolution checks: references, weights
 * totalling 100, ports of other clusters, condition syntax.
 *
 * <p>The root accepts a document of any kind: by its {@code kind:} when there is one, else any kind
 * that fits. The schema cannot see folders; editors that can map folders to schemas use
 * {@code vamp-dsl.schema.json#/definitions/breed} (and {@code blueprint}, {@code deployment},
 * {@code gateway}, {@code scale}, {@code condition}, {@code sla}, {@code escalation}) for documents
 * without {@code kind:} under {@code breeds/}, {@code blueprints/}, ... (see package-info).
 */
public final class DslSchema {
  /** The meta-schema the generated schema is written for. */
  public static final String DRAFT = "http://json-schema.org/draft-07/schema#";
  /** The generated copy on the classpath, kept equal to {@link #json()} by a test. */
  public static final String RESOURCE = "io/vamp/model/schema/vamp-dsl.schema.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String TEXT = "string";
  private static final String[] SCALAR = {"string", "number", "boolean"};

  private static final String NO_CONTROL = "[^\\x00-\\x1F\\x7F]";
  /** A port number 1-65535, written with at most 5 digits (leading zeros allowed, as the reader allows). */
  private static final String PORT_NUMBER =
      "(?=[0-9]{1,5}(?![0-9]))0*(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])";
  private static final String PROTOCOL = "/(?:" + Arrays.stream(Protocol.values())
      .map(p -> SchemaNodes.anyCase(p.dsl())).reduce((a, b) -> a + "|" + b).orElseThrow() + ")";
  private static final String DURATION_UNITS = "ms|s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours";
  /** The characters a rewrite may use (no '#': HAProxy would read a comment). */
  private static final String REWRITE_CHARS = "A-Za-z0-9_.,:;/%\\[\\](){}'\"=<>!*+?^$|~&@-";

  private final Map<String, JsonNode> definitions = new LinkedHashMap<>();

  private DslSchema() {}

  /** The schema: a root that accepts any artifact document, and a definition per kind and shared part. */
  public static ObjectNode generate() {
    return new DslSchema().build();
  }

  /** The schema as text: two-space indentation, a line per key, a final newline. */
  public static String json() {
    return text(generate());
  }

  /**
   * The schema of the documents in one kind's folder (with the same definitions): that kind, unless a
   * document's {@code kind:} says otherwise. For editors that cannot point at {@link #folderDefinitionOf}.
   */
  public static ObjectNode forFolder(Kind kind) {
    ObjectNode all = generate();
    ObjectNode root = node();
    root.put("$schema", DRAFT);
    root.put("title", "Vamp DSL document in " + kind.folder() + "/");
    root.putArray("allOf").add(ref(kind.folder()));
    root.set("definitions", all.get("definitions"));
    return root;
  }

  /** The pointer of a kind's definition inside the schema, e.g. {@code #/definitions/breed}. */
  public static String definitionOf(Kind kind) {
    return "#/definitions/" + kind.dsl();
  }

  /**
   * The pointer of the definition for documents in a kind's folder, e.g. {@code #/definitions/breeds}:
   * what an editor maps {@code breeds/**} to.
   */
  public static String folderDefinitionOf(Kind kind) {
    return "#/definitions/" + kind.folder();
  }

  /** The committed copy from the classpath (what editors and tools are given). */
  public static String resource() {
    try (InputStream in = DslSchema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String text(JsonNode node) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
        .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
        .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  // ------------------------------------------------------------------ root

  private ObjectNode build() {
    values();
    names();
    shared();
    routing();
    kinds();

    documents();

    ObjectNode root = node();
    root.put("$schema", DRAFT);
    root.put("title", "Vamp DSL document");
    root.put("description", "One YAML document of a Vamp repository: a breed, blueprint, deployment, gateway,"
        + " scale, condition, sla or escalation. A document without 'kind:' takes its kind from its top folder"
        + " (breeds/, blueprints/, ...), which a schema cannot see: this root then accepts any kind that fits."
        + " Map each folder to its definition ('#/definitions/breeds', ...) in the editor for exact checks.");
    root.putArray("allOf").add(ref("document"));
    ObjectNode defs = root.putObject("definitions");
    definitions.forEach(defs::set);
    checkRefs(root, root);
    return root;
  }

  /** A document of any kind, dispatched on its kind; and per folder, the folder's kind unless told otherwise. */
  private void documents() {
    ObjectNode document = type("object");
    document.put("description", "A document of any kind: the one its 'kind:' names, else any that fits.");
    document.set("if", required("kind"));
    ObjectNode then = document.putObject("then");
    then.putObject("properties").set("kind", ref("kindName"));
    ArrayNode byKind = then.putArray("allOf");
    for (Kind kind : Kind.values()) {
      ObjectNode when = node();
      when.putObject("if").putObject("properties").set("kind", pattern(kindPattern(kind)));
      when.set("then", ref(kind.dsl()));
      byKind.add(when);
    }
    document.set("else", anyOf(Arrays.stream(Kind.values()).map(k -> (JsonNode) ref(k.dsl())).toList()));
    define("document", document);
    for (Kind kind : Kind.values()) {
      ObjectNode folder = type("object");
      folder.put("description", "A document in the " + kind.folder() + "/ folder: a " + kind.dsl()
          + ", unless its 'kind:' names another kind.");
      folder.set("if", required("kind"));
      folder.set("then", ref("document"));
      folder.set("else", ref(kind.dsl()));
      define(kind.folder(), folder);
    }
  }

  private void define(String name, ObjectNode schema) {
    if (definitions.put(name, schema) != null) {
      throw new IllegalStateException("defined twice: " + name);
    }
  }

  private static String kindPattern(Kind kind) {
    return "^\\s*(?:" + SchemaNodes.anyCase(kind.dsl()) + "|" + SchemaNodes.anyCase(kind.folder()) + ")\\s*" + END;
  }

  private static ObjectNode kindProperty(Kind kind) {
    return describe(anyOf(enumOf(List.of(kind.dsl(), kind.folder())), pattern(kindPattern(kind))),
        "The kind of artifact; optional under the " + kind.folder() + "/ folder.");
  }

  // ------------------------------------------------------------------ value syntaxes (Values)

  private void values() {
    define("text", describe(pattern("^[^\\x00]*" + END, SCALAR), "Text (numbers and booleans are read as written)."));
    define("textOrNull", describe(pattern("^[^\\x00]*" + END, "string", "number", "boolean", "null"),
        "Text, or ~ (nothing) for a placeholder that must be given elsewhere."));
    define("line", describe(pattern("^" + NO_CONTROL + "*" + END, SCALAR), "Text on one line, without control characters."));
    define("requiredLine", describe(pattern("^" + NO_CONTROL + "*[^\\x00-\\x20\\x7F]" + NO_CONTROL + "*" + END, SCALAR),
        "Non-empty text on one line."));
    define("percentage", describe(percentage(), "A whole percentage 0-100: 90%, 90 or 90.0%."));
    define("duration", describe(bounded(pattern("^\\s*[0-9]+\\s*(?:" + DURATION_UNITS + ")?\\s*" + END, TEXT, "integer"), 0, null),
        "A duration: 30s, 1m, 2 minutes, 500ms, 1h; a bare number is seconds."));
    define("memory", describe(bounded(pattern(
        "^\\s*[0-9]+(?:\\.[0-9]+)?\\s*(?:[MmGgKk](?:[Bb]|[Ii][Bb]?)?)?\\s*" + END, TEXT, "number"), 0, null),
        "Memory: 256MB, 2GB, 1.5gb, 512Mi, 1Gi, 1024Ki; a bare number is MB."));
    define("cpu", describe(bounded(pattern("^\\s*[0-9]+m\\s*" + END, TEXT, "number"), 0, null),
        "CPUs: a number such as 0.5, or millicores such as 500m."));
    define("decimal", describe(bounded(type("number"), 0, null), "A number, not negative."));
  }

  private static ObjectNode percentage() {
    return bounded(pattern("^\\s*(?:0{0,2}[0-9]|0?[1-9][0-9]|100)(?:\\.0+)?\\s*%?\\s*" + END, TEXT, "integer"), 0, 100);
  }

  private static ObjectNode integer(int min, int max) {
    return bounded(type("integer"), min, max);
  }

  private static ObjectNode bounded(ObjectNode node, Integer min, Integer max) {
    if (min != null) {
      node.put("minimum", min);
    }
    if (max != null) {
      node.put("maximum", max);
    }
    return node;
  }

  // ------------------------------------------------------------------ names (Names)

  private void names() {
    define("kindName", describe(anyOf(enumOf(Arrays.stream(Kind.values()).flatMap(k -> Stream.of(k.dsl(), k.folder()))
            .toList()), pattern("^\\s*(?:" + String.join("|", Arrays.stream(Kind.values())
            .flatMap(k -> Stream.of(SchemaNodes.anyCase(k.dsl()), SchemaNodes.anyCase(k.folder()))).toList()) + ")\\s*" + END)),
        "The kind of artifact: " + Kind.known() + " (singular or plural, any case)."));
    define("artifactName", describe(bounded(pattern(NamePatterns.ARTIFACT, TEXT, "number"), 0, null),
        "An artifact name: letters, digits and . _ : - (starting with a letter or digit, no '..', at most 128)."));
    define("reference", describe(bounded(pattern("^" + NamePatterns.ARTIFACT_BODY + "\\*?" + END, TEXT, "number"), 0, null),
        "The name of an artifact defined elsewhere; in dependencies a trailing * matches every breed name"
            + " that starts with what comes before it."));
    define("clusterName", describe(bounded(pattern(NamePatterns.CLUSTER, TEXT, "number"), 0, null),
        "A cluster name: letters, digits, _ and - (starting with a letter or digit, at most 63)."));
    define("namedReference", new SchemaNodes.Strict()
        .describe("A reference to an artifact defined elsewhere: {ref: NAME} or {reference: NAME}.")
        .property("reference", describe(pattern("^(?:" + NamePatterns.ARTIFACT_BODY + "\\*?|\\*)" + END, TEXT, "number"),
            "The name of the artifact."), "ref")
        .with("minProperties", IntNode.valueOf(1))
        .build());
    define("metadata", describe(map(pattern(NamePatterns.METADATA_KEY), ref("text")),
        "Free-form labels: keys of letters, digits and . _ / -, text values."));
  }

  /** A map whose keys match {@code keys} and whose values match {@code values}. */
  private static ObjectNode map(ObjectNode keys, JsonNode values) {
    ObjectNode node = type("object");
    node.set("propertyNames", keys);
    node.set("additionalProperties", values);
    return node;
  }

  // ------------------------------------------------------------------ breeds, services, scale, ...

  private void shared() {
    List<String> deployableTypes = new ArrayList<>();
    Arrays.stream(Deployable.Type.values()).forEach(t -> deployableTypes.add(t.dsl()));
    // the short forms Deployable.Type.parse accepts besides the canonical names (it keeps them private)
    Stream.of("docker", "container", "command", "cmd", "javascript", "js")
        .filter(t -> !deployableTypes.contains(t) && Deployable.Type.parse(t).isPresent())
        .forEach(deployableTypes::add);
    define("deployable", describe(anyOf(ref("requiredLine"), new SchemaNodes.Strict()
            .property("type", describe(caseInsensitive(deployableTypes, true), "What the definition is; the default"
                + " is container/docker."))
            .property("definition", describe(pattern("^[^\\x00]*\\S[^\\x00]*" + END, SCALAR),
                "A container image, a command line or a script."))
            .require("definition")
            .build()),
        "What runs: a container image (the short form), or {type, definition}."));

    ObjectNode breedPort = bounded(pattern("^ *" + PORT_NUMBER + "(?:" + PROTOCOL + ")? *" + END, TEXT, "integer"), 1, 65535);
    define("port", describe(breedPort, "A port: 8080/http, 9023/tcp or 8080 (http)."));
    define("ports", describe(anyOf(ref("port"), map(pattern(NamePatterns.TRAIT), ref("port"))),
        "Named ports ({web: 8080/http}), or one port (named 'port')."));

    define("environmentVariables", describe(map(pattern("^" + NamePatterns.ENV_BODY + "(?:\\[" + NamePatterns.ENV_BODY
            + "\\])?" + END), ref("textOrNull")),
        "Environment variables: NAME or NAME[ALIAS] (injected as ALIAS); ~ is a placeholder the blueprint or"
            + " service must fill. Values may refer to $cluster.host, $cluster.ports.NAME, ${...}; $$ is a dollar."));
    define("clusterEnvironmentVariables", describe(map(pattern("^" + NamePatterns.CLUSTER_BODY + "\\."
            + NamePatterns.ENV_BODY + "(?:\\[" + NamePatterns.ENV_BODY + "\\])?" + END), ref("textOrNull")),
        "Environment variables for the breeds of a cluster: cluster.NAME (or cluster.NAME[ALIAS])."));
    define("constants", describe(map(pattern(NamePatterns.TRAIT), ref("text")), "Named constant values."));
    define("dependencies", describe(map(pattern(NamePatterns.CLUSTER), ref("breedRef")),
        "Breeds this one needs, by alias: a breed name (a trailing * matches a prefix), {ref: NAME} or an inline breed."));
    define("arguments", describe(anyOf(
            node().put("type", "array").set("items", map(pattern(NamePatterns.TRAIT), ref("line"))
                .put("minProperties", 1).put("maxProperties", 1)),
            map(pattern(NamePatterns.TRAIT), ref("line"))),
        "Arguments to the container: a list of single 'key: value' maps, or one map."));

    define("healthCheck", new SchemaNodes.Strict()
        .describe("A health check: a request to path on the named breed port.")
        .property("path", pattern("^/[^ \\x00-\\x1F\\x7F]*" + END))
        .property("port", ref("requiredLine"))
        .property("protocol", caseInsensitive(List.of("HTTP", "HTTPS"), false))
        .property("initial_delay", ref("duration"))
        .property("timeout", ref("duration"))
        .property("interval", ref("duration"))
        .property("failures", integer(1, 1000))
        .require("port")
        .build());
    define("healthChecks", describe(anyOf(type("null"), node().put("type", "array").set("items", ref("healthCheck")),
        ref("healthCheck")), "Health checks: a list, or one."));

    define("dialect", describe(type("object"), "Settings passed through to that scheduler's driver."));
    define("dialects", describe(map(enumOf(ArtifactReader.DIALECT_NAMES), ref("dialect")),
        "Scheduler-specific settings by scheduler: " + String.join(", ", ArtifactReader.DIALECT_NAMES) + "."));

    define("inlineBreed", breed(false).build());
    define("breedRef", describe(anyOf(ref("reference"), ref("namedReference"), ref("inlineBreed")),
        "A breed: its name, {ref: NAME}, or the breed itself."));

    define("inlineScale", scale(false).build());
    define("scaleRef", describe(anyOf(ref("reference"), ref("namedReference"), ref("inlineScale")),
        "A scale: its name, {ref: NAME}, or {cpu, memory, instances}."));

    define("inlineCondition", condition(false).build());
    define("conditionRef", describe(anyOf(ref("requiredLine"), ref("namedReference"), ref("inlineCondition")),
        "A condition: its text (user-agent == Firefox), {ref: NAME}, or {condition: TEXT}."));

    define("threshold", new SchemaNodes.Strict()
        .describe("Response time thresholds in milliseconds.")
        .property("upper", integer(0, Integer.MAX_VALUE))
        .property("lower", integer(0, Integer.MAX_VALUE))
        .require("upper", "lower").build());
    define("window", new SchemaNodes.Strict()
        .describe("The sliding window: its length and the cooldown after an escalation.")
        .property("interval", ref("duration"))
        .property("cooldown", ref("duration"))
        .require("interval", "cooldown").build());
    define("inlineSla", sla(false).build());
    define("slaRef", describe(anyOf(ref("reference"), ref("namedReference"), ref("inlineSla")),
        "An SLA: its name, {ref: NAME}, or the SLA itself."));

    define("inlineEscalation", escalation(false));
    define("escalationRef", describe(anyOf(ref("reference"), ref("namedReference"), ref("inlineEscalation")),
        "An escalation: its name, {ref: NAME}, or the escalation itself."));
    define("escalationList", describe(node().put("type", "array").set("items", ref("escalationRef")),
        "Escalations, in order."));

    define("service", describe(anyOf(ref("artifactName"), service().build()),
        "A service of a cluster: a breed name, or {breed, scale, environment_variables, ...}."));
    define("services", describe(anyOf(node().put("type", "array").put("minItems", 1).set("items", ref("service")),
        ref("service")), "The services of a cluster: a list, or one."));
  }

  private static SchemaNodes.Strict withKind(Kind kind, boolean topLevel) {
    SchemaNodes.Strict map = new SchemaNodes.Strict();
    if (topLevel) {
      map.property("kind", kindProperty(kind));
    }
    return map;
  }

  private static SchemaNodes.Strict named(SchemaNodes.Strict map, boolean nameRequired) {
    map.property("name", ref("artifactName")).property("metadata", ref("metadata"));
    if (nameRequired) {
      map.require("name");
    }
    return map;
  }

  private static SchemaNodes.Strict breed(boolean topLevel) {
    return named(withKind(Kind.BREED, topLevel), true)
        .describe("A breed: what runs (deployable), its ports, environment, constants, dependencies, arguments"
            + " and health checks.")
        .property("deployable", ref("deployable"))
        .property("ports", ref("ports"))
        .property("environment_variables", ref("environmentVariables"), "env")
        .property("constants", ref("constants"))
        .property("dependencies", ref("dependencies"))
        .property("arguments", ref("arguments"))
        .property("health_checks", ref("healthChecks"), "healthchecks")
        .require("deployable");
  }

  private static SchemaNodes.Strict scale(boolean topLevel) {
    return named(withKind(Kind.SCALE, topLevel), topLevel)
        .describe("Resources: CPUs, memory and instances (at least one of them).")
        .property("cpu", ref("cpu"))
        .property("memory", ref("memory"))
        .property("instances", integer(0, 10_000))
        .also(anyOf(required("cpu"), required("memory"), required("instances")));
  }

  private static SchemaNodes.Strict condition(boolean topLevel) {
    return named(withKind(Kind.CONDITION, topLevel), topLevel)
        .describe("A routing condition, e.g. user-agent == Firefox, or has cookie group and not host == a.b.")
        .property("condition", ref("requiredLine"), "definition")
        .also(anyOf(required("condition"), required("definition")));
  }

  private static SchemaNodes.Strict sla(boolean topLevel) {
    return named(withKind(Kind.SLA, topLevel), topLevel)
        .describe("A service level agreement: when the response time leaves the thresholds, the escalations run.")
        .property("type", constant(Sla.RESPONSE_TIME_SLIDING_WINDOW))
        .property("threshold", ref("threshold"))
        .property("window", ref("window"))
        .property("escalations", ref("escalationList"))
        .require("threshold", "window");
  }

  /** An escalation is a group (to_all / to_one) or one of the scaling actions, each with its own keys. */
  private static ObjectNode escalation(boolean topLevel) {
    List<JsonNode> forms = new ArrayList<>();
    for (String group : List.of("to_all", "to_one")) {
      forms.add(named(withKind(Kind.ESCALATION, topLevel), topLevel)
          .property(group, new SchemaNodes.Strict().property("escalations", ref("escalationList"))
              .require("escalations").build())
          .require(group)
          .build());
    }
    Map<String, JsonNode> bounds = new LinkedHashMap<>();
    bounds.put("scale_instances", integer(0, 10_000));
    bounds.put("scale_cpu", ref("decimal"));
    bounds.put("scale_memory", ref("memory"));
    bounds.forEach((type, value) -> forms.add(named(withKind(Kind.ESCALATION, topLevel), topLevel)
        .property("type", constant(type))
        .property("target", ref("clusterName"))
        .property("minimum", value)
        .property("maximum", value)
        .property("scale_by", type.equals("scale_instances") ? integer(1, 10_000) : value)
        .require("type", "minimum", "maximum")
        .build()));
    return describe(anyOf(forms), "An escalation: scale_instances, scale_cpu or scale_memory between a minimum"
        + " and a maximum, or a group of escalations (to_all: every one; to_one: the first that can).");
  }

  private static SchemaNodes.Strict service() {
    return new SchemaNodes.Strict()
        .property("breed", ref("breedRef"))
        .property("scale", ref("scaleRef"))
        .property("environment_variables", ref("environmentVariables"), "env")
        .property("health_checks", ref("healthChecks"), "healthchecks")
        .property("arguments", ref("arguments"))
        .properties(dialectKeys())
        .require("breed");
  }

  /** {@code dialects:} and the dialects written directly ({@code marathon: {...}}), not both for one scheduler. */
  private static SchemaNodes.Strict dialectKeys() {
    SchemaNodes.Strict map = new SchemaNodes.Strict().property("dialects", ref("dialects"), "dialect");
    for (String scheduler : ArtifactReader.DIALECT_NAMES) {
      map.property(scheduler, ref("dialect"));
      ObjectNode notInDialects = node();
      ObjectNode props = notInDialects.putObject("properties");
      for (String key : List.of("dialects", "dialect")) {
        props.putObject(key).set("not", required(scheduler));
      }
      map.when(scheduler, notInDialects);
    }
    return map;
  }

  // ------------------------------------------------------------------ gateways and routes

  private void routing() {
    define("sticky", describe(anyOf(type("null"), caseInsensitive(Stream.concat(
            Arrays.stream(Sticky.values()).map(Sticky::dsl), Stream.of("none")).toList(), false)),
        "Keep a client on its route or instance (by cookie); http only. none or ~ for neither."));
    define("balance", describe(caseInsensitive(Arrays.stream(Balance.values()).map(Balance::dsl).toList(), true),
        "The load-balancing algorithm: " + Balance.known() + "."));
    define("routeTarget", describe(pattern("^(?:\\[" + NamePatterns.HOST_BODY + ":" + PORT_NUMBER + "\\]|"
            + NamePatterns.ARTIFACT_BODY + "(?:/" + NamePatterns.ARTIFACT_BODY + "){0,3})" + END),
        "A route target: a service (breed) name, a gateway, deployment/port, deployment/cluster/port,"
            + " deployment/cluster/service/port, or [host:port]."));
    define("rewrite", new SchemaNodes.Strict()
        .describe("A path rewrite: 'NEW_PATH if CONDITION' (HAProxy text).")
        .property("path", pattern("^ *[" + REWRITE_CHARS + "][ " + REWRITE_CHARS + "]*? +if +[ "
            + REWRITE_CHARS + "]*[" + REWRITE_CHARS + "] *" + END))
        .require("path").build());
    define("route", describe(anyOf(type("null"), ref("percentage"), new SchemaNodes.Strict()
            .property("weight", ref("percentage"))
            .property("condition", ref("conditionRef"))
            .property("condition_strength", ref("percentage"))
            .property("rewrites", node().put("type", "array").set("items", ref("rewrite")))
            .property("balance", ref("balance"))
            .build()),
        "A route: nothing, a weight (90%), or {weight, condition, condition_strength, rewrites, balance}."));
    define("routes", describe(map(ref("routeTarget"), ref("route")), "Routes by target."));

    define("clusterGateway", new SchemaNodes.Strict()
        .describe("A cluster gateway: stickiness and routes to the cluster's services.")
        .property("sticky", ref("sticky"))
        .property("routes", anyOf(ref("requiredLine"), ref("routes")))
        .with("minProperties", IntNode.valueOf(1))
        .build());
    ObjectNode clusterGateways = type("object");
    clusterGateways.put("description", "A cluster's gateways: one for every port ({sticky, routes}), one per port"
        + " name ({web: {routes}}), or just the routes ({sava:1.0.0: {weight: 90%}}).");
    clusterGateways.set("if", anyOf(required("routes"), required("sticky"), required("virtual_hosts")));
    clusterGateways.set("then", ref("clusterGateway"));
    clusterGateways.set("else", anyOf(map(pattern(NamePatterns.TRAIT), ref("clusterGateway")).put("minProperties", 1),
        ref("routes")));
    define("clusterGateways", clusterGateways);

    define("externalGateway", new SchemaNodes.Strict()
        .describe("An external gateway: stickiness, virtual hosts and routes to cluster/port targets.")
        .property("sticky", ref("sticky"))
        .property("virtual_hosts", ref("virtualHosts"))
        .property("routes", anyOf(ref("requiredLine"), ref("routes")))
        .build());
    define("externalGateways", describe(map(pattern("^ *" + PORT_NUMBER + "(?:" + PROTOCOL + ")? *" + END),
            anyOf(ref("requiredLine"), ref("externalGateway"))),
        "External gateways by port (9050/http): a cluster/port target, or {sticky, virtual_hosts, routes}."));
    define("virtualHosts", describe(node().put("type", "array").set("items",
        pattern(NamePatterns.VIRTUAL_HOST, TEXT, "number")), "Host names (*.example.com allowed)."));
  }

  // ------------------------------------------------------------------ clusters, blueprints and the kinds

  private void kinds() {
    define("clusterWithServices", new SchemaNodes.Strict()
        .describe("A cluster: its services, health checks, dialects, gateways and SLA.")
        .property("services", ref("services"))
        .property("health_checks", ref("healthChecks"), "healthchecks")
        .properties(dialectKeys())
        .property("gateways", ref("clusterGateways"))
        .property("sla", ref("slaRef"))
        .require("services")
        .build());
    define("clusterAsService", service()
        .describe("A cluster that is its only service: {breed, scale, ...} with gateways and an SLA.")
        .property("gateways", ref("clusterGateways"))
        .property("sla", ref("slaRef"))
        .build());
    define("cluster", describe(anyOf(ref("artifactName"), ref("clusterWithServices"), ref("clusterAsService")),
        "A cluster: a breed name, {services: ...}, or a single service's keys."));
    define("clusterOverride", new SchemaNodes.Strict()
        .describe("A deployment's changes to a cluster its blueprints define: gateways (weights, conditions) and SLA.")
        .property("gateways", ref("clusterGateways"))
        .property("sla", ref("slaRef"))
        .build());
    define("deploymentCluster", describe(anyOf(ref("cluster"), ref("clusterOverride")),
        "A cluster of a deployment: as in a blueprint, or only gateway and SLA changes."));

    define(Kind.BREED.dsl(), breed(true).build());
    define(Kind.BLUEPRINT.dsl(), blueprint(Kind.BLUEPRINT, true).build());
    define("inlineBlueprint", blueprint(Kind.BLUEPRINT, false).build());
    define("blueprintRef", describe(anyOf(ref("reference"), ref("namedReference"), ref("inlineBlueprint")),
        "A blueprint: its name, {ref: NAME}, or the blueprint itself."));
    define(Kind.DEPLOYMENT.dsl(), blueprint(Kind.DEPLOYMENT, true)
        .property("blueprints", anyOf(node().put("type", "array").set("items", ref("blueprintRef")),
            ref("blueprintRef")), "blueprint")
        .also(anyOf(required("blueprints"), required("blueprint"), requiredNonEmpty("clusters")))
        .build());
    define(Kind.GATEWAY.dsl(), named(withKind(Kind.GATEWAY, true), true)
        .describe("A standalone gateway: a port, routes to gateways, deployment ports and [host:port] targets,"
            + " or a selector.")
        .property("port", bounded(pattern("^ *(?:" + PORT_NUMBER + "(?:" + PROTOCOL + ")?|" + PROTOCOL + ") *" + END,
            TEXT, "integer"), 1, 65535))
        .property("sticky", ref("sticky"))
        .property("virtual_hosts", ref("virtualHosts"))
        .property("selector", ref("requiredLine"))
        .property("routes", ref("routes"))
        .also(anyOf(required("selector"), requiredNonEmpty("routes")))
        .build());
    define(Kind.SCALE.dsl(), scale(true).build());
    define(Kind.CONDITION.dsl(), condition(true).build());
    define(Kind.SLA.dsl(), sla(true).build());
    define(Kind.ESCALATION.dsl(), escalation(true));
  }

  private static ObjectNode requiredNonEmpty(String key) {
    ObjectNode node = required(key);
    node.putObject("properties").set(key, node().put("minProperties", 1));
    return node;
  }

  /** Blueprints and deployments share a body: gateways, clusters, environment variables, dialects. */
  private static SchemaNodes.Strict blueprint(Kind kind, boolean topLevel) {
    boolean deployment = kind == Kind.DEPLOYMENT;
    SchemaNodes.Strict map = named(withKind(kind, topLevel), true)
        .describe(deployment ? "A deployment: blueprints merged in order, and its own clusters, gateways and"
            + " environment on top." : "A blueprint: clusters of services, external gateways, environment and dialects.")
        .property("gateways", ref("externalGateways"))
        .property("clusters", map(ref("clusterName"), ref(deployment ? "deploymentCluster" : "cluster")))
        .property("environment_variables", ref("clusterEnvironmentVariables"), "env")
        .properties(dialectKeys());
    if (!deployment) {
      map.require("clusters");
    }
    return map;
  }

  /** Every {@code $ref} points at a definition, and stands alone (draft-07 ignores its siblings). */
  private static void checkRefs(JsonNode node, ObjectNode root) {
    if (node.isObject()) {
      JsonNode ref = node.get("$ref");
      if (ref != null) {
        if (node.size() != 1) {
          throw new IllegalStateException("$ref with siblings: " + node);
        }
        String name = ref.asText().substring("#/definitions/".length());
        if (!root.path("definitions").has(name)) {
          throw new IllegalStateException("undefined: " + ref.asText());
        }
      }
      node.forEach(child -> checkRefs(child, root));
    } else if (node.isArray()) {
      node.forEach(child -> checkRefs(child, root));
    }
  }
}
