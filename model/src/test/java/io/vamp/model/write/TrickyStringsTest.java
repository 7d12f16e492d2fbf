package io.vamp.model.write;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Blueprint;
import io.vamp.model.artifact.Breed;
import io.vamp.model.artifact.Constant;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.EnvironmentVariable;
import io.vamp.model.artifact.GatewayArtifact;
import io.vamp.model.artifact.GatewaySpec;
import io.vamp.model.artifact.RouteSpec;
import io.vamp.model.problem.Position;
import io.vamp.model.read.ReadResult;
import io.vamp.model.read.RepositoryReader;
import io.vamp.model.read.SourceFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Property-style: every text the reader accepts reads back identically after writing, wherever the
 * DSL takes free text (metadata, environment values, constants, definitions, arguments, selectors,
 * dialect keys and values), including texts that look like other YAML types or syntax.
 */
class TrickyStringsTest {
  private static final Position HERE = Position.startOf("test");

  /** Texts that YAML would read as something else, or that need quoting or escaping. */
  static final List<String> TRICKY = List.of(
      "", " ", "  ", " leading", "trailing ", "a: b", "a:b", "a #b", "#x", "a#b", "'", "\"", "''", "\"\"", "'a'",
      "\"a\"", "~", "null", "Null", "NULL", "yes", "no", "Yes", "NO", "on", "off", "On", "y", "n", "true", "False",
      "TRUE", "1", "-1", "+1", "1.0", "1.", ".5", "1e3", "1E-3", "0x1F", "0o17", "017", "0b101", "1_000", ".inf",
      "-.Inf", ".NaN", "12:30:00", "1:20", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "-", "--", "---", "...",
      "- a", "-a", "? x", "?", ":", ": x", "x:", "[a]", "[", "]", "{a: b}", "{", "}", "a, b", ",", "!tag", "!",
      "!!str", "&anchor", "*alias", "%TAG", "@at", "`tick", "|", "|-", ">", ">-", "<<", "=", "\\", "\\n", "\\x00",
      "$$", "${x}", "100%", "%", "a\nb", "a\n", "\n", "\nb", "a\n\n", "a\n\nb", "\n\n", "  \n  x", " a\nb",
      "a \nb", "a\n b", "tab\there", "\ttab", "tab\t", "x\r\ny", "x\ry", "\r", "nel\u0085x", "ls\u2028x",
      "ps\u2029x", "nbsp\u00a0x", "\u00a0", "é", "日本語", "😀", "a😀b", "ctl\u0001x", "del\u007fx", "esc\u001bx",
      "bom\ufeffx", "\ufeff", "zwsp\u200bx", "x".repeat(200),
      "long " + "word ".repeat(100), "line\n".repeat(50), "# not a comment\nkey: value\n- item");

  /** Free text that may not hold control characters (arguments, selector regexes): the tricky texts without them. */
  private static boolean oneLine(String text) {
    return text.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  static Stream<String> tricky() {
    return TRICKY.stream();
  }

  /** Seeded random texts over an alphabet of the characters YAML treats specially. */
  static Stream<String> random() {
    String alphabet = " \t\n\r:#'\"-?[]{},&*!|>%@`~\\$0123456789.eE+_xyzYNtrufals\u0085\u00a0\u2028\u00e9\ud83d\ude00";
    int[] codePoints = alphabet.codePoints().toArray();
    Random random = new Random(20240601L);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      StringBuilder text = new StringBuilder();
      int length = random.nextInt(12);
      for (int j = 0; j < length; j++) {
        text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
      }
      texts.add(text.toString());
    }
    return texts.stream();
  }

  @ParameterizedTest
  @MethodSource("tricky")
  void trickyTextReadsBackIdentically(String text) {
    assertRoundTrip(text);
  }

  @ParameterizedTest
  @MethodSource("random")
  void randomTextReadsBackIdentically(String text) {
    assertRoundTrip(text);
  }

  @Test
  void dialectValuesKeepTheirTypes() {
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("long", 42L);
    tree.put("negative", -7L);
    tree.put("double", 0.25);
    tree.put("big double", 1.0E300);
    tree.put("tiny double", 1.0E-300);
    tree.put("infinite", Double.POSITIVE_INFINITY);
    tree.put("true", true);
    tree.put("false", false);
    tree.put("null", Dialects.NULL);
    tree.put("text 1.0", "1.0");
    tree.put("text yes", "yes");
    tree.put("text ~", "~");
    tree.put("list", List.of(1L, "1", List.of(), Map.of()));
    tree.put("empty map", Map.of());
    assertThat(dialectsRoundTrip(tree)).isEqualTo(tree);
  }

  private static void assertRoundTrip(String text) {
    Map<String, String> metadata = Map.of("key", text);
    List<EnvironmentVariable> env = List.of(
        new EnvironmentVariable(Optional.empty(), "VALUE", Optional.empty(), Optional.of(text), HERE));
    List<Constant> constants = List.of(new Constant("VALUE", text, HERE));
    List<Argument> arguments = oneLine(text) ? List.of(new Argument("value", text)) : List.of();
    String definition = text.isBlank() ? "acme/x" : text;
    Breed breed = breed("tricky", definition, metadata, env, constants, arguments);

    Breed back = (Breed) readBack(breed);
    assertThat(back.metadata()).isEqualTo(metadata);
    assertThat(back.environmentVariables()).extracting(EnvironmentVariable::value).containsExactly(Optional.of(text));
    assertThat(back.constants()).extracting(Constant::value).containsExactly(text);
    assertThat(back.arguments()).isEqualTo(arguments);
    assertThat(back.deployable().definition()).isEqualTo(definition);

    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("value", text);
    tree.put(text, "key");
    tree.put("list", List.of(text, text));
    assertThat(dialectsRoundTrip(tree)).isEqualTo(tree);

    if (oneLine(text) && !text.isBlank() && !text.contains("\\E")) {
      // a selector must parse: the text goes in as a quoted regex, which the reader stores as written
      String selector = "name(\\Q" + text + "\\E)";
      GatewayArtifact gateway = new GatewayArtifact("g", Map.of(), new GatewaySpec(Optional.empty(),
          Optional.empty(), List.of(), List.of(new RouteSpec("[10.0.0.1:80]", Optional.of(100), Optional.empty(),
              Optional.empty(), List.of(), Optional.empty(), HERE)), HERE), Optional.of(selector), HERE);
      assertThat(((GatewayArtifact) readBack(gateway)).selector()).contains(selector);
    }
  }

  private static Breed breed(String name, String definition, Map<String, String> metadata,
      List<EnvironmentVariable> env, List<Constant> constants, List<Argument> arguments) {
    return new Breed(name, metadata, new Deployable(Deployable.Type.DOCKER, definition), List.of(), env, constants,
        List.of(), arguments, Optional.empty(), HERE);
  }

  /** The tree as a blueprint's dialect, written and read back. */
  private static Map<String, Object> dialectsRoundTrip(Map<String, Object> tree) {
    String text = "kind: blueprint\nname: b\nclusters:\n  c: x\n";
    ReadResult base = new RepositoryReader().read(List.of(new SourceFile("b.yaml", text)));
    assertThat(base.problems()).isEmpty();
    Blueprint blueprint = (Blueprint) base.artifacts().get(0);
    Blueprint withDialect = new Blueprint(blueprint.name(),
        blueprint.metadata(), blueprint.gateways(), blueprint.clusters(), blueprint.environmentVariables(),
        new Dialects(Map.of("local", tree)), blueprint.position());
    Blueprint back = (Blueprint) readBack(withDialect);
    return back.dialects().byScheduler().get("local");
  }

  /** Writes, reads back (no problem allowed), and checks that the second writing is the first. */
  private static Artifact readBack(Artifact artifact) {
    String written = ArtifactWriter.write(artifact);
    ReadResult read = new RepositoryReader().read(List.of(new SourceFile("written.yaml", written)));
    assertThat(read.problems()).as("problems reading back:\n%s", written).isEmpty();
    assertThat(read.artifacts()).hasSize(1);
    assertThat(ArtifactWriter.write(read.artifacts().get(0))).as("written twice").isEqualTo(written);
    return read.artifacts().get(0);
  }
}
