package io.vamp.model.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.vamp.model.value.Reference.Constant;
import io.vamp.model.value.Reference.EnvironmentVariable;
import io.vamp.model.value.Reference.Host;
import io.vamp.model.value.Reference.Local;
import io.vamp.model.value.Reference.Port;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TemplateParserTest {

  private static Literal text(String text) {
    return new Literal(text);
  }

  static Stream<Arguments> templates() {
    return Stream.of(
        arguments("", List.of()),
        arguments("plain text", List.of(text("plain text"))),
        arguments("1200", List.of(text("1200"))),
        // every kind, bare and braced
        arguments("$backend.host", List.of(new Host("backend"))),
        arguments("$backend.ports.port", List.of(new Port("backend", "port"))),
        arguments("$backend.environment_variables.ENCODING_TYPE",
            List.of(new EnvironmentVariable("backend", "ENCODING_TYPE"))),
        arguments("$backend.constants.SCHEMA_NAME", List.of(new Constant("backend", "SCHEMA_NAME"))),
        arguments("$JVM_HEAP", List.of(new Local("JVM_HEAP"))),
        arguments("${backend.host}", List.of(new Host("backend"))),
        arguments("${backend.ports.port}", List.of(new Port("backend", "port"))),
        arguments("${backend.environment_variables.X}", List.of(new EnvironmentVariable("backend", "X"))),
        arguments("${backend.constants.X}", List.of(new Constant("backend", "X"))),
        arguments("${JVM_HEAP}", List.of(new Local("JVM_HEAP"))),
        arguments("${ backend.host }", List.of(new Host("backend"))),
        arguments("${\tbackend.host\t}", List.of(new Host("backend"))),
        // names: letters, digits, '_' and '-'
        arguments("$my-db_2.ports.web-1", List.of(new Port("my-db_2", "web-1"))),
        // escapes
        arguments("$$", List.of(text("$"))),
        arguments("$$$$", List.of(text("$$"))),
        arguments("5$$", List.of(text("5$"))),
        arguments("$$backend.host", List.of(text("$backend.host"))),
        arguments("$$$backend.host", List.of(text("$"), new Host("backend"))),
        arguments("$${x}", List.of(text("${x}"))),
        // a bare reference stops at the first character that is not part of a name
        arguments("jdbc:mysql://$db.host:$db.ports.port/x",
            List.of(text("jdbc:mysql://"), new Host("db"), text(":"), new Port("db", "port"), text("/x"))),
        arguments("http://${api.host}:${api.ports.web}/v1",
            List.of(text("http://"), new Host("api"), text(":"), new Port("api", "web"), text("/v1"))),
        arguments("$a.host.", List.of(new Host("a"), text("."))),
        arguments("$a.ports.p.", List.of(new Port("a", "p"), text("."))),
        arguments("$a.", List.of(new Local("a"), text("."))),
        arguments("$a..host", List.of(new Local("a"), text("..host"))),
        arguments("$x/$y", List.of(new Local("x"), text("/"), new Local("y"))),
        arguments("$x $y", List.of(new Local("x"), text(" "), new Local("y"))),
        arguments("$x,$y;$z", List.of(new Local("x"), text(","), new Local("y"), text(";"), new Local("z"))),
        arguments("${a.host}.nip.io", List.of(new Host("a"), text(".nip.io"))),
        arguments("${a}${b}", List.of(new Local("a"), new Local("b"))),
        arguments("${a}}", List.of(new Local("a"), text("}"))),
        arguments("$a\u00e9", List.of(new Local("a"), text("\u00e9"))),
        arguments("line1\n$a.host\n", List.of(text("line1\n"), new Host("a"), text("\n"))));
  }

  @ParameterizedTest(name = "{index}: [{0}]")
  @MethodSource("templates")
  void parsesEveryForm(String text, List<Part> parts) {
    assertThat(TemplateParser.parse(text)).isEqualTo(new TemplateParseResult.Parsed(new Template(parts)));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        arguments("$", 0, "a lone '$' at the end: write '$$' for a dollar sign"),
        arguments("cost: 5$", 7, "a lone '$' at the end"),
        arguments("$ x", 0, "'$' must be followed by a name, '{' or '$': write '$$' for a dollar sign"),
        arguments("a$/b", 1, "'$' must be followed by a name, '{' or '$'"),
        arguments("$.host", 0, "'$' must be followed by a name, '{' or '$'"),
        arguments("${", 0, "'${' is never closed with '}'"),
        arguments("x${a.host", 1, "'${' is never closed with '}'"),
        arguments("${a.host ", 0, "'${' is never closed with '}'"),
        arguments("${a.", 0, "'${' is never closed with '}'"),
        arguments("${}", 0, "an empty reference '${}'"),
        arguments("${  }", 0, "an empty reference '${}'"),
        arguments("${a b}", 4, "expected '.' or '}' in '${...}', found 'b'"),
        arguments("${a:b}", 3, "expected '.' or '}' in '${...}', found ':'"),
        arguments("${a.}", 4, "expected a name of ASCII letters, digits, '_' or '-' in '${...}', found '}'"),
        arguments("${.a}", 2, "expected a name of ASCII letters, digits, '_' or '-' in '${...}', found '.'"),
        arguments("${a\u00e9}", 3, "expected '.' or '}' in '${...}', found U+00E9"),
        arguments("$x.ports", 8, "'x.ports' needs a port name: x.ports.<port-name>"),
        arguments("$x.ports/", 8, "'x.ports' needs a port name"),
        arguments("${x.ports}", 9, "'x.ports' needs a port name"),
        arguments("$x.environment_variables", 24, "'x.environment_variables' needs a variable name"),
        arguments("$x.constants", 12, "'x.constants' needs a constant name"),
        arguments("$x.foo.bar", 3, "unknown reference part 'foo': expected host, ports, environment_variables or constants"),
        arguments("$x.foo", 3, "unknown reference part 'foo'"),
        arguments("${x.Host}", 4, "unknown reference part 'Host'"),
        arguments("$x.env.A", 3, "unknown reference part 'env'"),
        arguments("$a.host.x", 7, "'a.host' is a complete reference: to follow it with '.x' write '${a.host}.x'"),
        arguments("http://$api.host.nip.io/", 16,
            "'api.host' is a complete reference: to follow it with '.nip.io' write '${api.host}.nip.io'"),
        arguments("$a.ports.p.q", 10, "'a.ports.p' is a complete reference: to follow it with '.q' write '${a.ports.p}.q'"),
        arguments("${a.host.x}", 8, "'a.host' is a complete reference: '.x' does not belong in it"),
        arguments("${a.constants.c.d }", 15, "'a.constants.c' is a complete reference: '.d' does not belong in it"));
  }

  @ParameterizedTest(name = "{index}: [{0}] at {1}")
  @MethodSource("errors")
  void reportsErrorsAtTheirOffset(String text, int offset, String message) {
    TemplateParseResult result = TemplateParser.parse(text);

    assertThat(result).isInstanceOf(TemplateParseResult.Failed.class);
    assertThat(result.errors()).singleElement().satisfies(error -> {
      assertThat(error.offset()).isEqualTo(offset);
      assertThat(error.message()).startsWith(message);
    });
  }

  @ParameterizedTest(name = "{index}: [{0}]")
  @MethodSource("templates")
  void canonicalTextParsesBackToTheSameTemplate(String text, List<Part> parts) {
    Template template = new Template(parts);

    assertThat(TemplateParser.parse(template.toString()).orElseThrow()).isEqualTo(template);
  }
}
