package io.vamp.model.yaml;

import io.vamp.model.problem.Position;
import io.vamp.model.problem.Problem;
import io.vamp.model.problem.Problems;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Parses YAML text into position-carrying {@link YNode}s, one per document, within {@link YamlLimits}.
 * Syntax errors, duplicate keys, non-scalar keys, custom tags and exceeded limits become problems.
 */
public final class YamlDocuments {

  private final YamlLimits limits;

  public YamlDocuments(YamlLimits limits) {
    this.limits = limits;
  }

  /** The documents of one file (empty documents are skipped); problems are added to {@code problems}. */
  public List<YNode> parse(String file, String text, Problems problems) {
    if (text.length() > limits.maxFileBytes()
        || text.getBytes(StandardCharsets.UTF_8).length > limits.maxFileBytes()) {
      problems.add(new Problem(file, 1, 1, "",
          "file is larger than the limit of " + limits.maxFileBytes() + " bytes"));
      return List.of();
    }
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(limits.maxAliases());
    options.setNestingDepthLimit(limits.maxNestingDepth());
    options.setCodePointLimit(Math.max(limits.maxFileBytes(), 1));
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
        new DumperOptions(), options);
    List<YNode> documents = new ArrayList<>();
    SourceText source = new SourceText(text);
    try {
      int count = 0;
      for (Node node : yaml.composeAll(new StringReader(text))) {
        if (++count > limits.maxDocumentsPerFile()) {
          problems.add(new Problem(file, node.getStartMark().getLine() + 1, 1, "",
              "file has more than " + limits.maxDocumentsPerFile() + " documents"));
          break;
        }
        Converter converter = new Converter(file, source, problems);
        YNode converted = converter.convert(node, 0);
        if (converter.failed) {
          continue;
        }
        if (!(converted instanceof YNode.Null)) {
          documents.add(converted);
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      String message = "YAML syntax: " + oneLine(e.getProblem() != null ? e.getProblem() : e.getMessage());
      if (e.getContext() != null && e.getProblem() != null) {
        message = "YAML syntax: " + oneLine(e.getContext()) + ", " + oneLine(e.getProblem());
      }
      problems.add(new Problem(file, mark == null ? 1 : mark.getLine() + 1,
          mark == null ? 1 : mark.getColumn() + 1, "", message));
    } catch (YAMLException e) {
      problems.add(new Problem(file, 1, 1, "", "YAML: " + oneLine(limitMessage(e.getMessage()))));
    } catch (StackOverflowError e) {
      problems.add(new Problem(file, 1, 1, "", "YAML nesting is too deep"));
    }
    return documents;
  }

  private String limitMessage(String message) {
    if (message == null) {
      return "unreadable YAML";
    }
    if (message.contains("Number of aliases")) {
      return "more than " + limits.maxAliases() + " aliases to collections";
    }
    if (message.contains("Nesting Depth")) {
      return "nesting deeper than " + limits.maxNestingDepth() + " levels";
    }
    if (message.contains("code points")) {
      return "file is larger than the limit of " + limits.maxFileBytes() + " characters";
    }
    return message;
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s+", " ").trim();
  }

  /**
   * The text SnakeYAML read, addressed the way its marks address it: by code point. Without characters
   * outside the Basic Multilingual Plane the two indices agree and no table is built.
   */
  private static final class SourceText {
    private final String text;
    private Boolean onlyBasicPlane;
    private int[] charIndexOfCodePoint;

    SourceText(String text) {
      this.text = text;
    }

    /**
     * Whether the text from {@code from} to {@code to} is the value itself on one line, between quotes
     * when {@code quoted}: then positions inside the value follow from the value alone.
     */
    boolean writtenAsIs(int from, int to, String value, boolean quoted) {
      int offset = quoted ? 1 : 0;
      if (to - from != value.length() + 2 * offset || !text.regionMatches(from + offset, value, 0, value.length())) {
        return false;
      }
      for (int i = from; i < to; i++) {
        if (ScalarPositions.isBreak(text.charAt(i))) {
          return false;
        }
      }
      return true;
    }

    int charIndex(int codePoint) {
      if (onlyBasicPlane == null) {
        int count = text.codePointCount(0, text.length());
        onlyBasicPlane = count == text.length();
        if (!onlyBasicPlane) {
          int[] table = new int[count + 1];
          int i = 0;
          for (int cp = 0; cp < count; cp++) {
            table[cp] = i;
            i += Character.charCount(text.codePointAt(i));
          }
          table[count] = text.length();
          charIndexOfCodePoint = table;
        }
      }
      if (onlyBasicPlane) {
        return Math.max(0, Math.min(codePoint, text.length()));
      }
      return charIndexOfCodePoint[Math.max(0, Math.min(codePoint, charIndexOfCodePoint.length - 1))];
    }
  }

  /** Converts SnakeYAML's node graph, expanding aliases, counting nodes and checking keys. */
  private final class Converter {
    private final String file;
    private final SourceText source;
    private final Problems problems;
    private final Map<Node, Boolean> inProgress = new IdentityHashMap<>();
    private int nodes;
    private boolean failed;

    Converter(String file, SourceText source, Problems problems) {
      this.file = file;
      this.source = source;
      this.problems = problems;
    }

    private Position position(Node node) {
      Mark mark = node.getStartMark();
      return mark == null ? Position.startOf(file) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    YNode convert(Node node, int depth) {
      if (failed) {
        return new YNode.Null(position(node));
      }
      if (++nodes > limits.maxNodesPerFile()) {
        fail(node, "document expands to more than " + limits.maxNodesPerFile()
            + " values (aliases multiply); the limit protects the daemon's memory");
        return new YNode.Null(position(node));
      }
      if (depth > limits.maxNestingDepth()) {
        fail(node, "nesting deeper than " + limits.maxNestingDepth() + " levels");
        return new YNode.Null(position(node));
      }
      if (inProgress.put(node, Boolean.TRUE) != null) {
        fail(node, "a recursive alias refers to itself");
        return new YNode.Null(position(node));
      }
      try {
        if (node instanceof ScalarNode scalar) {
          return scalar(scalar);
        }
        if (node instanceof MappingNode mapping) {
          return mapping(mapping, depth);
        }
        if (node instanceof SequenceNode sequence) {
          return sequence(sequence, depth);
        }
        fail(node, "unsupported YAML node");
        return new YNode.Null(position(node));
      } finally {
        inProgress.remove(node);
      }
    }

    private YNode scalar(ScalarNode node) {
      Tag tag = node.getTag();
      Position position = position(node);
      if (Tag.NULL.equals(tag)) {
        return new YNode.Null(position);
      }
      YNode.ScalarType type;
      if (Tag.STR.equals(tag)) {
        type = YNode.ScalarType.STRING;
      } else if (Tag.INT.equals(tag)) {
        type = YNode.ScalarType.INT;
      } else if (Tag.FLOAT.equals(tag)) {
        type = YNode.ScalarType.FLOAT;
      } else if (Tag.BOOL.equals(tag)) {
        type = YNode.ScalarType.BOOL;
      } else if (Tag.TIMESTAMP.equals(tag)) {
        type = YNode.ScalarType.STRING;
      } else {
        problems.add(position, "", "unsupported YAML tag " + tag.getValue());
        type = YNode.ScalarType.STRING;
      }
      boolean quoted = node.getScalarStyle() == DumperOptions.ScalarStyle.SINGLE_QUOTED
          || node.getScalarStyle() == DumperOptions.ScalarStyle.DOUBLE_QUOTED;
      return new YNode.Scalar(node.getValue(), type, quoted, position, scalarSource(node, quoted));
    }

    /** The scalar's source text when its value alone cannot say where its characters are written. */
    private Optional<YNode.ScalarSource> scalarSource(ScalarNode node, boolean quoted) {
      Mark start = node.getStartMark();
      Mark end = node.getEndMark();
      if (start == null || end == null) {
        return Optional.empty();
      }
      int from = source.charIndex(start.getIndex());
      int to = source.charIndex(Math.max(start.getIndex(), end.getIndex()));
      String value = node.getValue();
      if (source.writtenAsIs(from, to, value, quoted)) {
        return Optional.empty();
      }
      String raw = source.text.substring(from, to);
      YNode.ScalarStyle style = switch (node.getScalarStyle()) {
        case SINGLE_QUOTED -> YNode.ScalarStyle.SINGLE_QUOTED;
        case DOUBLE_QUOTED -> YNode.ScalarStyle.DOUBLE_QUOTED;
        case LITERAL -> YNode.ScalarStyle.LITERAL;
        case FOLDED -> YNode.ScalarStyle.FOLDED;
        default -> YNode.ScalarStyle.PLAIN;
      };
      return Optional.of(new YNode.ScalarSource(style, raw));
    }

    private YNode mapping(MappingNode node, int depth) {
      if (!Tag.MAP.equals(node.getTag())) {
        problems.add(position(node), "", "unsupported YAML tag " + node.getTag().getValue());
      }
      List<YNode.Entry> entries = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (NodeTuple tuple : node.getValue()) {
        Node keyNode = tuple.getKeyNode();
        if (keyNode.getTag().equals(Tag.MERGE)) {
          fail(keyNode, "merge keys ('<<') are not supported: write the values out");
          continue;
        }
        if (!(keyNode instanceof ScalarNode scalarKey)) {
          problems.add(position(keyNode), "", "a key must be a plain value, not " + describe(keyNode));
          continue;
        }
        YNode key = scalar(scalarKey);
        YNode.Scalar keyScalar = key instanceof YNode.Scalar s ? s
            : new YNode.Scalar(scalarKey.getValue(), YNode.ScalarType.STRING, false, key.position());
        if (!seen.add(keyScalar.value())) {
          problems.add(keyScalar.position(), "", "duplicate key '" + keyScalar.value() + "'");
          continue;
        }
        entries.add(new YNode.Entry(keyScalar, convert(tuple.getValueNode(), depth + 1)));
      }
      return new YNode.Mapping(entries, position(node));
    }

    private YNode sequence(SequenceNode node, int depth) {
      if (!Tag.SEQ.equals(node.getTag())) {
        problems.add(position(node), "", "unsupported YAML tag " + node.getTag().getValue());
      }
      List<YNode> items = new ArrayList<>();
      for (Node item : node.getValue()) {
        items.add(convert(item, depth + 1));
      }
      return new YNode.Sequence(items, position(node));
    }

    private String describe(Node node) {
      return node instanceof MappingNode ? "a map" : node instanceof SequenceNode ? "a list" : "a value";
    }

    private void fail(Node node, String message) {
      if (!failed) {
        problems.add(position(node), "", message);
      }
      failed = true;
    }
  }
}
