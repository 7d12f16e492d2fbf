package io.vamp.reconciler.review;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.json.StateJson;
import io.vamp.model.problem.Problem;
import java.util.List;

/** The review for programs: one JSON object, keys in a fixed order. */
final class JsonForm {
  private JsonForm() {}

  static String render(Review review, List<Section> sections) {
    ObjectNode root = StateJson.mapper().createObjectNode();
    side(review.base(), root.putObject("base"));
    side(review.head(), root.putObject("head"));
    root.put("valid", review.valid());
    root.put("changes", review.hasChanges());
    root.put("exit_code", review.exitCode());
    root.put("summary", review.summary());
    if (review.valid()) {
      sections.forEach(s -> root.set(s.key(), s.json(review)));
    }
    return StateJson.text(root);
  }

  private static void side(Side side, ObjectNode node) {
    node.put("rev", side.rev());
    node.put("sha", side.sha());
    node.put("valid", side.valid());
    ArrayNode problems = node.putArray("problems");
    for (Problem p : side.problems()) {
      problems.addObject().put("file", p.file()).put("line", p.line()).put("column", p.column())
          .put("path", p.path()).put("message", p.message());
    }
  }
}
