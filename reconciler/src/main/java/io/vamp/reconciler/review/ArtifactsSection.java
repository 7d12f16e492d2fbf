package io.vamp.reconciler.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vamp.model.json.StateJson;
import java.util.List;

/** Artifacts added, changed and removed, by kind and name. */
final class ArtifactsSection implements Section {

  @Override
  public String key() {
    return "artifacts";
  }

  @Override
  public boolean isEmpty(Review review) {
    return review.artifacts().isEmpty();
  }

  @Override
  public void text(Review review, StringBuilder out) {
    out.append("Artifacts\n");
    Columns columns = new Columns();
    for (ArtifactChange a : review.artifacts()) {
      columns.add(a.change().marker() + " " + a.kind().dsl() + " " + a.name(), a.change().word());
    }
    columns.appendTo(out, "  ");
  }

  @Override
  public void markdown(Review review, StringBuilder out) {
    out.append("#### Artifacts\n\n");
    Markdown.table(List.of("change", "kind", "name"), review.artifacts().stream()
        .map(a -> List.of(a.change().word(), a.kind().dsl(), Markdown.code(a.name()))).toList(), out);
  }

  @Override
  public JsonNode json(Review review) {
    ArrayNode list = StateJson.mapper().createArrayNode();
    for (ArtifactChange a : review.artifacts()) {
      list.addObject().put("kind", a.kind().dsl()).put("name", a.name()).put("change", a.change().word());
    }
    return list;
  }
}
