package io.vamp.model.write;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * A plain tree (maps, lists, texts, {@link Typed} numbers and booleans, null) as block YAML, through
 * SnakeYAML's emitter. Every text is tagged a string, so the emitter quotes whatever would otherwise
 * read back as something else ({@code yes}, {@code 1.0}, {@code ~}, {@code 2001-12-14}, leading
 * spaces, {@code : }, {@code #}) and escapes what is not printable; multi-line texts become literal
 * blocks where YAML can hold them exactly, double-quoted text otherwise. Nodes are never shared, so
 * there are no anchors.
 */
final class YamlText {
  private static final Resolver RESOLVER = new Resolver();
  private static final Pattern DIGITS = Pattern.compile("[1-9][0-9]{0,4}");

  private YamlText() {}

  /** A scalar written bare, with the tag YAML's core schema gives its text. */
  record Typed(Tag tag, String text) {}

  static Typed number(long value) {
    return new Typed(Tag.INT, Long.toString(value));
  }

  /** As written by {@link BigDecimal#toPlainString()}: {@code 0.20} stays {@code 0.20}. */
  static Typed number(BigDecimal value) {
    String text = value.toPlainString();
    return new Typed(RESOLVER.resolve(NodeId.scalar, text, true), text);
  }

  static Typed number(double value) {
    if (Double.isInfinite(value)) {
      // the reader turns a float too large for a double into infinity; this reads back as that
      return new Typed(Tag.FLOAT, value > 0 ? "1e999" : "-1e999");
    }
    return new Typed(Tag.FLOAT, Double.toString(value));
  }

  static Typed bool(boolean value) {
    return new Typed(Tag.BOOL, Boolean.toString(value));
  }

  /** An external gateway's port key: a bare number when it is one ({@code 9050:}), else text ({@code 9050/http:}). */
  static Object portKey(String port) {
    return DIGITS.matcher(port).matches() ? new Typed(Tag.INT, port) : port;
  }

  /** One YAML document, without a {@code ---} line, ending in a newline. */
  static String document(Object tree) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    options.setSplitLines(false);
    options.setLineBreak(DumperOptions.LineBreak.UNIX);
    options.setAllowUnicode(true);
    options.setProcessComments(false);
    StringWriter out = new StringWriter();
    new Yaml(options).serialize(node(tree), out);
    return out.toString();
  }

  /**
   * Double quotes (with escapes) for text holding characters that YAML reads as line breaks or that
   * are not printable (SnakeYAML would write NEL, LS and PS raw, and they would come back as spaces);
   * a literal block for other multi-line text; otherwise plain, which the emitter quotes when needed.
   */
  private static DumperOptions.ScalarStyle style(String text) {
    boolean multiLine = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n') {
        multiLine = true;
      } else if (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
          || c == '\ufffe' || c == '\uffff') {
        return DumperOptions.ScalarStyle.DOUBLE_QUOTED;
      }
    }
    return multiLine ? DumperOptions.ScalarStyle.LITERAL : DumperOptions.ScalarStyle.PLAIN;
  }

  private static Node node(Object value) {
    if (value == null) {
      return new ScalarNode(Tag.NULL, "~", null, null, DumperOptions.ScalarStyle.PLAIN);
    }
    if (value instanceof String text) {
      return new ScalarNode(Tag.STR, text, null, null, style(text));
    }
    if (value instanceof Typed typed) {
      return new ScalarNode(typed.tag(), typed.text(), null, null, DumperOptions.ScalarStyle.PLAIN);
    }
    if (value instanceof Map<?, ?> map) {
      List<NodeTuple> tuples = new ArrayList<>();
      map.forEach((k, v) -> tuples.add(new NodeTuple(node(k), node(v))));
      return new MappingNode(Tag.MAP, tuples, DumperOptions.FlowStyle.BLOCK);
    }
    if (value instanceof List<?> list) {
      List<Node> items = new ArrayList<>();
      list.forEach(item -> items.add(node(item)));
      return new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK);
    }
    throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as YAML");
  }
}
