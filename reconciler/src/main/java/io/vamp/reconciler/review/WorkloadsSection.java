package io.vamp.reconciler.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vamp.model.json.StateJson;
import java.util.ArrayList;
import java.util.List;

/** Workloads to create (with what they will run), update (the fields that change) and remove. */
final class WorkloadsSection implements Section {

  /** From this many environment lines on, Markdown folds them into a {@code <details>}. */
  static final int FOLD_ENVIRONMENT_AT = 6;

  @Override
  public String key() {
    return "workloads";
  }

  @Override
  public boolean isEmpty(Review review) {
    return review.workloads().isEmpty();
  }

  @Override
  public void text(Review review, StringBuilder out) {
    out.append("Workloads\n");
    for (WorkloadChange w : review.workloads()) {
      out.append("  ").append(w.change().marker()).append(' ').append(w.id()).append("  ")
          .append(w.change().workloadVerb()).append('\n');
      Columns fields = new Columns();
      for (FieldChange f : w.fields()) {
        fields.add(f.field(), w.change() == Change.ADDED ? FieldText.value(f, f.after()) : FieldText.transition(f));
      }
      fields.appendTo(out, "      ");
    }
  }

  @Override
  public void markdown(Review review, StringBuilder out) {
    out.append("#### Workloads\n");
    for (WorkloadChange w : review.workloads()) {
      out.append("\n**").append(capitalized(w.change().workloadVerb())).append("** ")
          .append(Markdown.code(w.id().toString())).append('\n');
      if (w.fields().isEmpty()) {
        continue;
      }
      List<FieldChange> environment = w.fields().stream().filter(f -> f.group().equals("environment")).toList();
      boolean fold = environment.size() >= FOLD_ENVIRONMENT_AT;
      List<FieldChange> shown = fold
          ? w.fields().stream().filter(f -> !f.group().equals("environment")).toList() : w.fields();
      if (!shown.isEmpty()) {
        out.append('\n');
        table(w, shown, out);
      }
      if (fold) {
        out.append("\n<details><summary>environment: ")
            .append(Texts.count(environment.size(), "variable"))
            .append(w.change() == Change.ADDED ? "" : " change").append("</summary>\n\n");
        table(w, environment, out);
        out.append("\n</details>\n");
      }
    }
  }

  private static void table(WorkloadChange w, List<FieldChange> fields, StringBuilder out) {
    List<List<String>> rows = new ArrayList<>();
    if (w.change() == Change.ADDED) {
      fields.forEach(f -> rows.add(List.of(Markdown.code(f.field()), FieldText.markdown(f, f.after()))));
      Markdown.table(List.of("field", "value"), rows, out);
    } else {
      fields.forEach(f -> rows.add(List.of(Markdown.code(f.field()), FieldText.markdown(f, f.before()),
          FieldText.markdownAfter(f))));
      Markdown.table(List.of("field", "before", "after"), rows, out);
    }
  }

  private static String capitalized(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  @Override
  public JsonNode json(Review review) {
    ArrayNode list = StateJson.mapper().createArrayNode();
    for (WorkloadChange w : review.workloads()) {
      ObjectNode node = list.addObject();
      node.put("id", w.id().toString());
      node.put("change", w.change().workloadVerb());
      ArrayNode fields = node.putArray("fields");
      w.fields().forEach(f -> FieldText.json(f, fields));
    }
    return list;
  }
}
