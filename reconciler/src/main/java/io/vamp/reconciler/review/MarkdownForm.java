package io.vamp.reconciler.review;

import io.vamp.model.problem.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The review as a pull-request comment (GitHub-flavoured Markdown, no terminal escapes). */
final class MarkdownForm {
  private MarkdownForm() {}

  static String render(Review review, List<Section> sections) {
    StringBuilder out = new StringBuilder();
    Side base = review.base();
    Side head = review.head();
    out.append("### vamp plan ").append(Markdown.code(base.shortSha())).append("..")
        .append(Markdown.code(head.shortSha())).append("\n\n");
    if (!review.valid()) {
      out.append("**Head ").append(Markdown.code(head.shortSha())).append(" is invalid** (")
          .append(Texts.count(head.problems().size(), "problem"))
          .append("): nothing in it would be applied.\n\n");
      out.append(Markdown.block("text", lines(head.problems())));
      return out.toString();
    }
    if (!base.valid()) {
      out.append("> **Base ").append(Markdown.code(base.shortSha())).append(" is invalid** (")
          .append(Texts.count(base.problems().size(), "problem"))
          .append("): compared against an empty base, everything in head is new.\n\n");
      out.append("<details><summary>problems of the base</summary>\n\n")
          .append(Markdown.block("text", lines(base.problems()))).append("\n</details>\n\n");
    }
    out.append("**").append(Markdown.escape(review.summary())).append("**\n");
    for (Section section : sections) {
      if (!section.isEmpty(review)) {
        out.append('\n');
        section.markdown(review, out);
      }
    }
    return out.toString();
  }

  private static String lines(List<Problem> problems) {
    return problems.stream().map(Problem::toString).collect(Collectors.joining("\n", "", "\n"));
  }
}
