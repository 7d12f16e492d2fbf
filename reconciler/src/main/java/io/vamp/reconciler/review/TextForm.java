package io.vamp.reconciler.review;

import io.vamp.model.problem.Problem;
import java.util.ArrayList;
import java.util.List;

/** The review for a terminal: plain lines, markers {@code + ~ -}, columns aligned. */
final class TextForm {
  private TextForm() {}

  static String render(Review review, List<Section> sections) {
    StringBuilder out = new StringBuilder();
    Side base = review.base();
    Side head = review.head();
    out.append("vamp plan ").append(base.shortSha()).append("..").append(head.shortSha());
    List<String> names = new ArrayList<>();
    base.name().ifPresent(n -> names.add("base " + n));
    head.name().ifPresent(n -> names.add("head " + n));
    if (!names.isEmpty()) {
      out.append("  (").append(String.join(", ", names)).append(')');
    }
    out.append("\n\n");
    if (!review.valid()) {
      out.append("head ").append(head.shortSha()).append(" is invalid (")
          .append(Texts.count(head.problems().size(), "problem"))
          .append("): nothing in it would be applied\n");
      problems(head.problems(), "", out);
      return out.toString();
    }
    if (!base.valid()) {
      out.append("base ").append(base.shortSha()).append(" is invalid (")
          .append(Texts.count(base.problems().size(), "problem"))
          .append("): compared against an empty base, everything in head is new\n");
      problems(base.problems(), "  ", out);
      out.append('\n');
    }
    out.append(review.summary()).append('\n');
    for (Section section : sections) {
      if (!section.isEmpty(review)) {
        out.append('\n');
        section.text(review, out);
      }
    }
    return out.toString();
  }

  private static void problems(List<Problem> problems, String indent, StringBuilder out) {
    problems.forEach(p -> out.append(indent).append(p).append('\n'));
  }
}
