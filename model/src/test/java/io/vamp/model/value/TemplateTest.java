package io.vamp.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vamp.model.value.Reference.Constant;
import io.vamp.model.value.Reference.EnvironmentVariable;
import io.vamp.model.value.Reference.Host;
import io.vamp.model.value.Reference.Kind;
import io.vamp.model.value.Reference.Local;
import io.vamp.model.value.Reference.Port;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateTest {

  private static final Map<String, String> VALUES = Map.of(
      "db.host", "10.0.0.5",
      "db.ports.port", "40001",
      "api.host", "gateway.local",
      "api.ports.web", "40002",
      "backend.environment_variables.ENCODING_TYPE", "UTF8",
      "backend.constants.SCHEMA_NAME", "customers",
      "HEAP", "1200");

  private static final Function<Reference, String> RESOLVER = reference -> VALUES.get(reference.expression());

  static Stream<Arguments> rendering() {
    return Stream.of(
        arguments("jdbc:mysql://$db.host:$db.ports.port/x", "jdbc:mysql://10.0.0.5:40001/x"),
        arguments("http://${api.host}:${api.ports.web}/v1", "http://gateway.local:40002/v1"),
        arguments("$backend.environment_variables.ENCODING_TYPE", "UTF8"),
        arguments("$backend.constants.SCHEMA_NAME", "customers"),
        arguments("-Xmx${HEAP}m", "-Xmx1200m"),
        arguments("$HEAP", "1200"),
        arguments("price: 5$$", "price: 5$"),
        arguments("$$HEAP is $HEAP", "$HEAP is 1200"),
        arguments("$db.host.", "10.0.0.5."),
        arguments("no references", "no references"),
        arguments("", ""));
  }

  @ParameterizedTest(name = "{index}: [{0}]")
  @MethodSource("rendering")
  void rendersWithTheResolversValues(String text, String rendered) {
    assertThat(TemplateParser.parse(text).orElseThrow().render(RESOLVER)).isEqualTo(rendered);
  }

  @Test
  void resolvedValuesAreNotInterpretedAgain() {
    Template template = TemplateParser.parse("$a").orElseThrow();

    assertThat(template.render(reference -> "$b ${c} $$")).isEqualTo("$b ${c} $$");
  }

  @Test
  void aResolverThatGivesNothingIsAnError() {
    Template template = TemplateParser.parse("x$db.host").orElseThrow();

    assertThatThrownBy(() -> template.render(reference -> null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("the resolver gave no value for ${db.host}");
  }

  @Test
  void listsEachReferenceOnceInOrderOfAppearance() {
    Template template = TemplateParser.parse("$b.host:$a.ports.p/$b.host/$L/${a.ports.p}").orElseThrow();

    assertThat(template.references())
        .containsExactly(new Host("b"), new Port("a", "p"), new Local("L"));
    assertThat(template.hasReferences()).isTrue();
    assertThat(Template.literal("x").hasReferences()).isFalse();
    assertThat(Template.literal("x").references()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "a", "$$", "a$$b", "$a", "$a.host", "$a.host.", "x$a.ports.p:$b.constants.C/$c.environment_variables.E",
    "${a}${b}", "$$$$a", "100%", "{$$}", "$a-$b", "$a..b", "$a$$"})
  void canonicalTextIsStableAndRoundTrips(String text) {
    Template template = TemplateParser.parse(text).orElseThrow();
    String canonical = template.toString();
    Template reparsed = TemplateParser.parse(canonical).orElseThrow();

    assertThat(reparsed).isEqualTo(template);
    assertThat(reparsed.toString()).isEqualTo(canonical);
    assertThat(reparsed.render(RESOLVER_OR_NAME)).isEqualTo(template.render(RESOLVER_OR_NAME));
  }

  private static final Function<Reference, String> RESOLVER_OR_NAME = Reference::expression;

  @Test
  void canonicalTextBracesEveryReferenceAndDoublesEveryDollar() {
    Template template = TemplateParser.parse("jdbc:mysql://$db.host:$db.ports.port/$$x").orElseThrow();

    assertThat(template).hasToString("jdbc:mysql://${db.host}:${db.ports.port}/$$x");
  }

  @Test
  void adjacentLiteralsAreMergedSoEqualTemplatesCompareEqual() {
    Template pieces = new Template(List.of(new Literal("a"), new Literal("b"), new Local("x"), new Literal("c")));

    assertThat(pieces.parts()).containsExactly(new Literal("ab"), new Local("x"), new Literal("c"));
    assertThat(TemplateParser.parse("ab${x}c").orElseThrow()).isEqualTo(pieces);
  }

  static Stream<Arguments> kinds() {
    return Stream.of(
        arguments(new Host("db"), Kind.HOST, Optional.of("db"), List.of("db", "host"), "${db.host}"),
        arguments(new Port("db", "p"), Kind.PORT, Optional.of("db"), List.of("db", "ports", "p"), "${db.ports.p}"),
        arguments(new EnvironmentVariable("db", "E"), Kind.ENVIRONMENT_VARIABLE, Optional.of("db"),
            List.of("db", "environment_variables", "E"), "${db.environment_variables.E}"),
        arguments(new Constant("db", "C"), Kind.CONSTANT, Optional.of("db"),
            List.of("db", "constants", "C"), "${db.constants.C}"),
        arguments(new Local("L"), Kind.LOCAL, Optional.empty(), List.of("L"), "${L}"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("kinds")
  void everyReferenceKnowsItsKindClusterAndPath(Reference reference, Kind kind, Optional<String> cluster,
      List<String> path, String source) {
    assertThat(reference.kind()).isEqualTo(kind);
    assertThat(reference.targetCluster()).isEqualTo(cluster);
    assertThat(reference.path()).isEqualTo(path);
    assertThat(reference.source()).isEqualTo(source);
    assertThat(TemplateParser.parse(source).orElseThrow().parts()).containsExactly(reference);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a.b", "a b", "a}", "a$", "\u00e9", "a\n"})
  void referenceNamesAreValidatedByTheConstructors(String name) {
    assertThatThrownBy(() -> new Local(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Host(name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Port("db", name)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new EnvironmentVariable(name, "E")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Constant("db", name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void literalsAreNeverEmpty() {
    assertThatThrownBy(() -> new Literal("")).isInstanceOf(IllegalArgumentException.class);
    assertThat(Template.literal("").parts()).isEmpty();
  }

  @Test
  void reportsEveryErrorInTheText() {
    TemplateParseResult result = TemplateParser.parse("$x.foo.y and $ and ${a b} and $z.ports and $ok.host");

    assertThat(result.errors()).extracting(TemplateError::offset).containsExactly(3, 13, 23, 38);
    assertThatThrownBy(result::orElseThrow)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid value: at 3: unknown reference part 'foo'");
  }
}
