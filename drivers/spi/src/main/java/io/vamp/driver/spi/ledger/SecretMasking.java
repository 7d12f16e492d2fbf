package io.vamp.driver.spi.ledger;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Hides secret values in artifact text before it is kept anywhere (the ledger keeps what it is given,
 * forever). A value is secret when the name it is given under looks secret ({@link #looksSecret}):
 *
 * <ul>
 *   <li>the value of any mapping entry whose key looks secret, at any depth (environment variables in
 *       {@code environment_variables} / {@code env}, {@code constants}, dialects, metadata), every
 *       scalar in it when it is a map or a list;
 *   <li>the {@code value} of a {@code {name: ..., value: ...}} map whose {@code name} looks secret (the
 *       Kubernetes form of an environment variable in a dialect);
 *   <li>the part after {@code =} of a list item {@code NAME=value} whose {@code NAME} looks secret.
 * </ul>
 *
 * <p>No key of Vamp's DSL itself contains one of the words, so only names the user chose are matched.
 * Each secret scalar is replaced, where it is written, by {@code "********"}; every other character of
 * the text is kept, so the masked text still parses to the same structure. A text that does not parse
 * as YAML is masked line by line ({@code NAME: value} and {@code NAME=value}) instead. Masking is
 * idempotent. The same rule ({@link #looksSecret}) hides secrets in {@code vamp plan}'s review.
 */
public final class SecretMasking {
  /** Name parts that make a name look secret, compared case-insensitively, anywhere in the name. */
  public static final List<String> SECRET_WORDS =
      List.of("PASSWORD", "PASSWD", "SECRET", "TOKEN", "KEY", "CREDENTIAL");

  /** What a secret value becomes. */
  public static final String MASK = "********";

  private static final String QUOTED_MASK = "\"" + MASK + "\"";
  /** Artifact files are at most 4 MB; SnakeYAML's default limit is 3 MB. */
  private static final int CODE_POINT_LIMIT = 64 * 1024 * 1024;
  private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_.\\[\\]-]*)=(.*)", Pattern.DOTALL);
  private static final Pattern LINE_ENTRY = Pattern.compile(
      "^(\\s*(?:-\\s+)?[\"']?([^\\s:\"'#{}\\[\\],]+)[\"']?\\s*:[ \\t]+)(\\S.*?)\\s*$", Pattern.MULTILINE);
  private static final Pattern LINE_ASSIGNMENT = Pattern.compile(
      "^(\\s*-\\s+[\"']?([A-Za-z_][A-Za-z0-9_.\\[\\]-]*)=)([^\"'\\n]*)", Pattern.MULTILINE);

  private SecretMasking() {}

  /** Whether a variable, argument or setting of this name probably holds a secret. */
  public static boolean looksSecret(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return SECRET_WORDS.stream().anyMatch(upper::contains);
  }

  /** Each artifact's text masked, {@code kind/name} to content, sorted by key (for {@link Ledger#recordArtifacts}). */
  public static Map<String, String> maskAll(Map<String, String> kindSlashNameToContent) {
    Map<String, String> masked = new TreeMap<>();
    kindSlashNameToContent.forEach((key, content) -> masked.put(key, mask(content)));
    return Collections.unmodifiableMap(masked);
  }

  /** The text with every secret value replaced by {@code "********"} where it is written. */
  public static String mask(String yaml) {
    List<Span> spans;
    try {
      spans = secretSpans(yaml);
    } catch (YAMLException | IllegalArgumentException e) {
      return maskLines(yaml);
    }
    if (spans.isEmpty()) {
      return yaml;
    }
    CharOffsets offsets = new CharOffsets(yaml);
    List<Replacement> ranges = new ArrayList<>();
    for (Span span : spans) {
      int start = offsets.of(span.start());
      int end = offsets.of(span.end());
      while (end > start && (yaml.charAt(end - 1) == '\n' || yaml.charAt(end - 1) == '\r'
          || yaml.charAt(end - 1) == ' ' || yaml.charAt(end - 1) == '\t')) {
        end--; // a block scalar's span takes the line breaks after it: keep them
      }
      // a node's properties: its anchor stays (aliases name it), its tag goes (the mask is a string,
      // whatever the value was). The span starts at an anchor but after a tag written before it.
      int from = start;
      for (int before = from; ; ) {
        while (before > 0 && Character.isWhitespace(yaml.charAt(before - 1))) {
          before--;
        }
        int token = before;
        while (token > 0 && !Character.isWhitespace(yaml.charAt(token - 1))) {
          token--;
        }
        if (token == before || yaml.charAt(token) != '!') {
          break;
        }
        from = token;
        before = token;
      }
      StringBuilder anchor = new StringBuilder();
      start = from;
      while (start < end && (yaml.charAt(start) == '&' || yaml.charAt(start) == '!')) {
        int token = start;
        while (start < end && !Character.isWhitespace(yaml.charAt(start))) {
          start++;
        }
        if (yaml.charAt(token) == '&') {
          anchor.append(yaml, token, start).append(' ');
        }
        while (start < end && Character.isWhitespace(yaml.charAt(start))) {
          start++;
        }
      }
      ranges.add(new Replacement(from, end, anchor + span.text()));
    }
    ranges.sort((a, b) -> Integer.compare(a.start(), b.start()));
    StringBuilder out = new StringBuilder(yaml.length());
    int at = 0;
    for (Replacement range : ranges) {
      if (range.start() < at) {
        continue; // the same node reached twice (an alias)
      }
      out.append(yaml, at, range.start()).append(range.text());
      at = range.end();
    }
    return out.append(yaml, at, yaml.length()).toString();
  }

  /** A scalar to hide: the code point indexes of where it is written, and what it becomes. */
  private record Span(int start, int end, String text) {}

  private record Replacement(int start, int end, String text) {}

  private static List<Span> secretSpans(String yaml) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(CODE_POINT_LIMIT);
    options.setAllowDuplicateKeys(true);
    List<Span> spans = new ArrayList<>();
    Walked walked = new Walked();
    for (Node document : new Yaml(options).composeAll(new StringReader(yaml))) {
      walk(document, false, spans, walked);
    }
    return spans;
  }

  /**
   * The nodes already walked, and whether as secret: an alias reaches a node again, perhaps under a
   * secret name this time, and a recursive structure reaches itself.
   */
  private static final class Walked {
    private final Set<Node> plain = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Node> secret = Collections.newSetFromMap(new IdentityHashMap<>());

    /** Whether the node is to be walked now (not yet walked so, nor as secret already). */
    boolean first(Node node, boolean asSecret) {
      if (secret.contains(node)) {
        return false;
      }
      return asSecret ? secret.add(node) : plain.add(node);
    }
  }

  private static void walk(Node node, boolean secret, List<Span> spans, Walked walked) {
    if (node == null || !walked.first(node, secret)) {
      return;
    }
    if (node instanceof ScalarNode scalar) {
      if (secret && !isNull(scalar) && !scalar.getValue().equals(MASK)) {
        spans.add(new Span(scalar.getStartMark().getIndex(), scalar.getEndMark().getIndex(), QUOTED_MASK));
      }
    } else if (node instanceof MappingNode mapping) {
      boolean namedSecret = mapping.getValue().stream().anyMatch(t -> keyIs(t, "name")
          && t.getValueNode() instanceof ScalarNode name && looksSecret(name.getValue()));
      for (NodeTuple tuple : mapping.getValue()) {
        boolean entrySecret = secret
            || (tuple.getKeyNode() instanceof ScalarNode key && looksSecret(key.getValue()))
            || (namedSecret && keyIs(tuple, "value"));
        walk(tuple.getValueNode(), entrySecret, spans, walked);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        if (!secret && item instanceof ScalarNode scalar && assignsSecret(scalar.getValue())
            && walked.first(item, true)) {
          Matcher m = ASSIGNMENT.matcher(scalar.getValue());
          m.matches();
          if (!m.group(2).equals(MASK) && !m.group(2).isEmpty()) {
            // NAME=******** as a plain scalar, "NAME=********" when it was quoted
            String masked = m.group(1) + "=" + MASK;
            spans.add(new Span(scalar.getStartMark().getIndex(), scalar.getEndMark().getIndex(),
                scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN ? masked : "\"" + masked + "\""));
          }
          continue;
        }
        walk(item, secret, spans, walked);
      }
    }
  }

  private static boolean assignsSecret(String text) {
    Matcher m = ASSIGNMENT.matcher(text);
    return m.matches() && looksSecret(m.group(1));
  }

  private static boolean keyIs(NodeTuple tuple, String name) {
    return tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(name);
  }

  private static boolean isNull(ScalarNode scalar) {
    return scalar.getTag().getValue().endsWith(":null");
  }

  /** For text that is not YAML: {@code NAME: value} and {@code - NAME=value} lines. */
  private static String maskLines(String text) {
    Matcher entries = LINE_ENTRY.matcher(text);
    StringBuilder out = new StringBuilder();
    while (entries.find()) {
      boolean hide = looksSecret(entries.group(2)) && !entries.group(3).equals(QUOTED_MASK)
          && !entries.group(3).startsWith("|") && !entries.group(3).startsWith(">");
      entries.appendReplacement(out, Matcher.quoteReplacement(hide ? entries.group(1) + QUOTED_MASK : entries.group()));
    }
    entries.appendTail(out);
    Matcher assignments = LINE_ASSIGNMENT.matcher(out.toString());
    StringBuilder result = new StringBuilder();
    while (assignments.find()) {
      boolean hide = looksSecret(assignments.group(2)) && !assignments.group(3).strip().equals(MASK);
      assignments.appendReplacement(result,
          Matcher.quoteReplacement(hide ? assignments.group(1) + MASK : assignments.group()));
    }
    assignments.appendTail(result);
    return result.toString();
  }

  /** SnakeYAML counts code points; Java strings count UTF-16 chars. */
  private static final class CharOffsets {
    private final String text;
    private final boolean simple;

    CharOffsets(String text) {
      this.text = text;
      this.simple = text.codePoints().count() == text.length();
    }

    int of(int codePointIndex) {
      int bounded = Math.min(codePointIndex, text.codePointCount(0, text.length()));
      return simple ? bounded : text.offsetByCodePoints(0, bounded);
    }
  }
}
