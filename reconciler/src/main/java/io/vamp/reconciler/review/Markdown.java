package io.vamp.reconciler.review;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Markdown building blocks that survive any text inside them (GitHub-flavoured). */
final class Markdown {
  private static final Pattern BACKTICKS = Pattern.compile("`+");

  private Markdown() {}

  /** Inline code, with a fence longer than any run of backticks inside. */
  static String code(String text) {
    String fence = "`".repeat(longestRun(text) + 1);
    String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    return fence + pad + text + pad + fence;
  }

  /** A fenced block. */
  static String block(String language, String text) {
    String fence = "`".repeat(Math.max(3, longestRun(text) + 1));
    return fence + language + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
  }

  /** Text that reads literally in a paragraph or a table cell. */
  static String escape(String text) {
    return text.replaceAll("([\\\\`*_\\[\\]<>|#~])", "\\\\$1");
  }

  /** A table; cells are Markdown already, pipes in them are escaped here. */
  static void table(List<String> header, List<List<String>> rows, StringBuilder out) {
    row(header, out);
    out.append('|');
    header.forEach(h -> out.append("---|"));
    out.append('\n');
    rows.forEach(r -> row(r, out));
  }

  private static void row(List<String> cells, StringBuilder out) {
    out.append('|');
    for (String cell : cells) {
      String safe = cell.replace("\n", " ").replaceAll("(?<!\\\\)\\|", "\\\\|");
      out.append(' ').append(safe).append(" |");
    }
    out.append('\n');
  }

  private static int longestRun(String text) {
    int longest = 0;
    Matcher m = BACKTICKS.matcher(text);
    while (m.find()) {
      longest = Math.max(longest, m.group().length());
    }
    return longest;
  }
}
