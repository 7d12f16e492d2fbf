package io.vamp.model.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.vamp.model.problem.Position;
import io.vamp.model.problem.Problems;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * {@link YNode.Scalar#positionOf(int)} in every scalar style: hand-checked columns for each style, and,
 * over seeded random texts dumped by SnakeYAML in each style (narrow lines, so long texts fold and
 * double-quoted ones break with escapes), every character of the value is found where it is written.
 */
class ScalarPositionTest {

  // ------------------------------------------------------------------ hand-checked columns per style

  @Test
  void plainScalarOnOneLine() {
    YNode.Scalar value = value("key: has header X-A or or\n");
    assertThat(value.source()).isEmpty();
    assertThat(value.positionOf(0)).isEqualTo(at(1, 6));
    assertThat(value.positionOf(18)).isEqualTo(at(1, 24));
    assertThat(value.positionOf(value.value().length())).isEqualTo(at(1, 26));
  }

  @Test
  void doubleQuotedWithoutEscapesNeedsNoSource() {
    YNode.Scalar value = value("key: \"has header X-A or or\"\n");
    assertThat(value.source()).isEmpty();
    assertThat(value.positionOf(18)).isEqualTo(at(1, 25));
  }

  @Test
  void doubleQuotedEscapesBeforeTheOffset() {
    // "has header \u0058-A or or": the second 'or' is value offset 18, source column 40
    YNode.Scalar value = value("    condition: \"has header \\u0058-A or or\"\n");
    assertThat(value.value()).isEqualTo("has header X-A or or");
    assertThat(value.positionOf(18)).isEqualTo(at(1, 40));
    assertThat(value.positionOf(11)).as("the escape itself").isEqualTo(at(1, 28));
    assertThat(value.positionOf(12)).isEqualTo(at(1, 34));
    assertThat(value.positionOf(20)).as("the end: the closing quote").isEqualTo(at(1, 42));
  }

  @Test
  void doubleQuotedShortAndLongEscapes() {
    YNode.Scalar value = value("k: \"a\\tb\\x41c\\U0001F600d\\\\e\"\n");
    assertThat(value.value()).isEqualTo("a\tbAc\uD83D\uDE00d\\e");
    assertThat(value.positionOf(2)).isEqualTo(at(1, 8)); // b
    assertThat(value.positionOf(3)).isEqualTo(at(1, 9)); // \x41
    assertThat(value.positionOf(4)).isEqualTo(at(1, 13)); // c
    assertThat(value.positionOf(5)).isEqualTo(at(1, 14)); // \U0001F600, both halves
    assertThat(value.positionOf(6)).isEqualTo(at(1, 14));
    assertThat(value.positionOf(7)).isEqualTo(at(1, 24)); // d
    assertThat(value.positionOf(9)).isEqualTo(at(1, 27)); // e after the escaped backslash
  }

  @Test
  void doubleQuotedEscapedLineBreak() {
    YNode.Scalar value = value("k: \"one \\\n   two or or\"\n");
    assertThat(value.value()).isEqualTo("one two or or");
    assertThat(value.positionOf(4)).isEqualTo(at(2, 4)); // two
    assertThat(value.positionOf(11)).isEqualTo(at(2, 11)); // the second or
  }

  @Test
  void doubleQuotedFoldedOverLines() {
    YNode.Scalar value = value("k: \"one\n  two\n\n  three\"\n");
    assertThat(value.value()).isEqualTo("one two\nthree");
    assertThat(value.positionOf(4)).isEqualTo(at(2, 3));
    assertThat(value.positionOf(8)).isEqualTo(at(4, 3));
  }

  @Test
  void singleQuotedWithDoubledQuotes() {
    YNode.Scalar value = value("k: 'it''s a ''b'' or or'\n");
    assertThat(value.value()).isEqualTo("it's a 'b' or or");
    assertThat(value.positionOf(2)).isEqualTo(at(1, 7)); // the quote of it's, written ''
    assertThat(value.positionOf(3)).isEqualTo(at(1, 9)); // s
    assertThat(value.positionOf(8)).isEqualTo(at(1, 15)); // b
    assertThat(value.positionOf(14)).isEqualTo(at(1, 22)); // the second or
  }

  @Test
  void plainMultiLineFolded() {
    YNode.Scalar value = value("key: user-agent == Firefox\n  or or\n\n  host == x\nnext: 1\n");
    assertThat(value.value()).isEqualTo("user-agent == Firefox or or\nhost == x");
    assertThat(value.positionOf(21)).as("the folded line break").isEqualTo(at(1, 27));
    assertThat(value.positionOf(25)).isEqualTo(at(2, 6)); // the second or
    assertThat(value.positionOf(28)).isEqualTo(at(4, 3)); // host
  }

  @Test
  void literalBlock() {
    YNode.Scalar value = value("key: |\n  line one\n    more\n  or or\nnext: 1\n");
    assertThat(value.value()).isEqualTo("line one\n  more\nor or\n");
    assertThat(value.positionOf(0)).isEqualTo(at(2, 3));
    assertThat(value.positionOf(8)).as("the line break").isEqualTo(at(2, 11));
    assertThat(value.positionOf(11)).isEqualTo(at(3, 5)); // more
    assertThat(value.positionOf(19)).isEqualTo(at(4, 6)); // the second or
  }

  @Test
  void literalBlockWithIndentationIndicatorAndLeadingEmptyLine() {
    YNode.Scalar value = value("seq:\n  - |2-\n\n       indented\n     x\n");
    // the block's indentation is the sequence's (2) plus the indicator (2): 3 and 1 spaces stay
    assertThat(value.value()).isEqualTo("\n   indented\n x");
    assertThat(value.positionOf(4)).isEqualTo(at(4, 8)); // indented
    assertThat(value.positionOf(14)).isEqualTo(at(5, 6)); // x
  }

  @Test
  void foldedBlock() {
    YNode.Scalar value = value("key: >-\n  user-agent == Firefox\n  or or\n\n  host\n");
    assertThat(value.value()).isEqualTo("user-agent == Firefox or or\nhost");
    assertThat(value.positionOf(25)).isEqualTo(at(3, 6)); // the second or
    assertThat(value.positionOf(28)).isEqualTo(at(5, 3)); // host
  }

  @Test
  void foldedBlockInAFlowSequenceItemAndCrLf() {
    YNode.Scalar value = value("key: >\r\n  a\r\n  b c\r\n");
    assertThat(value.value()).isEqualTo("a b c\n");
    assertThat(value.positionOf(2)).isEqualTo(at(3, 3));
    assertThat(value.positionOf(4)).isEqualTo(at(3, 5));
  }

  @Test
  void columnsCountCodePoints() {
    YNode.Scalar plain = value("key: \uD83D\uDE00 or or\n");
    assertThat(plain.positionOf(6)).isEqualTo(at(1, 11));
    YNode.Scalar quoted = value("\uD83D\uDE00: \"\uD83D\uDE00 \\x41 or\"\n");
    assertThat(quoted.positionOf(5)).isEqualTo(at(1, 12)); // o, after a two-char emoji and an escape
  }

  @Test
  void positionsInAFlowMapping() {
    YNode.Scalar value = value("key: {a: 'x''y', b: 1}\n");
    assertThat(value.value()).isEqualTo("x'y");
    assertThat(value.positionOf(2)).isEqualTo(at(1, 14));
  }

  @Test
  void offsetsOutsideTheValueStayInTheScalar() {
    YNode.Scalar value = value("k: \"a\\tb\"\n");
    assertThat(value.positionOf(-5)).isEqualTo(at(1, 5));
    assertThat(value.positionOf(99)).isEqualTo(at(1, 9));
  }

  @Test
  void oldConstructorStillWorks() {
    YNode.Scalar scalar = new YNode.Scalar("abc", YNode.ScalarType.STRING, true, at(3, 7));
    assertThat(scalar.source()).isEmpty();
    assertThat(scalar.positionOf(2)).isEqualTo(at(3, 10));
  }

  // ------------------------------------------------------------------ every character, every style

  static Stream<Arguments> dumped() {
    String alphabet = "abc xyz:#'\"\\-,[]{}!&*|>%@`\t\n\u0085\u00a0\u2028\u00e9\uD83D\uDE00";
    int[] codePoints = alphabet.codePoints().toArray();
    Random random = new Random(20260701L);
    List<Arguments> cases = new ArrayList<>();
    DumperOptions.ScalarStyle[] styles = {DumperOptions.ScalarStyle.PLAIN, DumperOptions.ScalarStyle.SINGLE_QUOTED,
        DumperOptions.ScalarStyle.DOUBLE_QUOTED, DumperOptions.ScalarStyle.LITERAL, DumperOptions.ScalarStyle.FOLDED};
    for (int i = 0; i < 600; i++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(60);
      for (int j = 0; j < length; j++) {
        text.appendCodePoint(codePoints[random.nextInt(codePoints.length)]);
      }
      cases.add(Arguments.of(styles[i % styles.length], text.toString(), i % 3 == 0));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {index}")
  @MethodSource("dumped")
  void everyCharacterIsFoundWhereItIsWritten(DumperOptions.ScalarStyle style, String text, boolean nested) {
    Object tree = nested ? java.util.Map.of("outer", java.util.Map.of("key", List.of(text))) : java.util.Map.of("key", text);
    String yaml = DUMPERS.computeIfAbsent(style, ScalarPositionTest::dumper).dump(tree);
    Problems problems = new Problems();
    List<YNode> documents = READER.parse("f.yaml", yaml, problems);
    assertThat(problems.isEmpty()).as("%s parses", yaml).isTrue();
    // SnakeYAML does not always read back what it wrote (white space at line ends, some breaks):
    // the positions are checked against what it reads
    YNode.Scalar scalar = first(documents.get(0));
    text = scalar.value();
    List<int[]> lines = lines(yaml);
    boolean doubleQuoted = scalar.source().map(s -> s.style() == YNode.ScalarStyle.DOUBLE_QUOTED).orElse(false);
    for (int offset = 0; offset < text.length(); offset++) {
      char c = text.charAt(offset);
      if (Character.isLowSurrogate(c)) {
        continue;
      }
      Position position = scalar.positionOf(offset);
      int written = at(lines, position);
      String where = "offset " + offset + " of " + escape(text) + " at " + position + " in\n" + yaml;
      if (doubleQuoted && written == '\\') {
        continue; // an escape stands for the character
      }
      if (c == ' ' || c == '\n' || isBreak(c)) {
        assertThat(written == ' ' || written == '\t' || isBreak((char) written) || written == c || written == -1)
            .as(where).isTrue();
      } else {
        assertThat(written).as(where).isEqualTo(text.codePointAt(offset));
      }
    }
    Position end = scalar.positionOf(text.length());
    assertThat(end.line()).as("the end of %s", yaml).isGreaterThanOrEqualTo(scalar.position().line());
  }

  // ------------------------------------------------------------------ helpers

  private static final YamlDocuments READER = new YamlDocuments(YamlLimits.DEFAULT);
  private static final java.util.Map<DumperOptions.ScalarStyle, Yaml> DUMPERS =
      new java.util.EnumMap<>(DumperOptions.ScalarStyle.class);

  /** Writes in one style, on lines of at most 20 characters, so long texts fold or break. */
  private static Yaml dumper(DumperOptions.ScalarStyle style) {
    DumperOptions options = new DumperOptions();
    options.setDefaultScalarStyle(style);
    options.setWidth(20);
    options.setSplitLines(true);
    options.setAllowUnicode(true);
    return new Yaml(options);
  }

  private static Position at(int line, int column) {
    return new Position("f.yaml", line, column);
  }

  /** The scalar value of the document's first key. */
  private static YNode.Scalar value(String yaml) {
    Problems problems = new Problems();
    List<YNode> documents = new YamlDocuments(YamlLimits.DEFAULT).parse("f.yaml", yaml, problems);
    assertThat(problems.isEmpty()).as("problems: %s", problems).isTrue();
    return first(((YNode.Mapping) documents.get(0)).entries().get(0).value());
  }

  /** The first scalar of a node: its first value, first item, and so on down. */
  private static YNode.Scalar first(YNode node) {
    while (!(node instanceof YNode.Scalar)) {
      node = node instanceof YNode.Mapping m ? m.entries().get(0).value() : ((YNode.Sequence) node).items().get(0);
    }
    return (YNode.Scalar) node;
  }

  private static boolean isBreak(char c) {
    return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
  }

  /** The text's lines as SnakeYAML counts them, each as code points with its line break at the end. */
  private static List<int[]> lines(String text) {
    List<int[]> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      line.append(c);
      if (isBreak(c) && !(c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')) {
        lines.add(line.codePoints().toArray());
        line.setLength(0);
      }
    }
    lines.add(line.codePoints().toArray());
    return lines;
  }

  /** The code point at a 1-based line and column, or -1 past the end of the line. */
  private static int at(List<int[]> lines, Position position) {
    int[] line = lines.get(position.line() - 1);
    int index = position.column() - 1;
    return index < line.length ? line[index] : -1;
  }

  private static String escape(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(cp -> out.append(cp >= 0x20 && cp < 0x7f ? String.valueOf((char) cp)
        : String.format("\\u%04X", cp)));
    return out.toString();
  }
}
