package io.vamp.reconciler.review;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/** How a field's values read in each form; free text in quotes, secrets never. */
final class FieldText {
  private FieldText() {}

  /** One value for the terminal, or {@code (unset)}. */
  static String value(FieldChange field, Optional<String> value) {
    if (value.isEmpty()) {
      return "(unset)";
    }
    if (field.masked()) {
      return "(value hidden)";
    }
    return freeText(field) ? Texts.quoted(value.get()) : value.get();
  }

  /** {@code before → after}, or for a secret only whether it was set, changed or unset. */
  static String transition(FieldChange field) {
    if (field.masked()) {
      return switch (field.change()) {
        case ADDED -> "set (value hidden)";
        case CHANGED -> "changed (value hidden)";
        case REMOVED -> "unset";
        case UNCHANGED -> "unchanged (value hidden)";
      };
    }
    return value(field, field.before()) + Texts.ARROW + value(field, field.after());
  }

  /** One value as a Markdown table cell. */
  static String markdown(FieldChange field, Optional<String> value) {
    if (value.isEmpty()) {
      return "*unset*";
    }
    if (field.masked()) {
      return "*hidden*";
    }
    return Markdown.code(freeText(field) ? Texts.quoted(value.get()) : value.get());
  }

  /** The after cell in Markdown: for a changed secret, says that it changed. */
  static String markdownAfter(FieldChange field) {
    if (field.masked() && field.change() == Change.CHANGED) {
      return "*hidden, changed*";
    }
    return markdown(field, field.after());
  }

  static void json(FieldChange field, ArrayNode into) {
    ObjectNode node = into.addObject();
    node.put("field", field.field());
    node.put("change", field.change().word());
    if (field.masked()) {
      node.put("masked", true);
      return;
    }
    field.before().ifPresentOrElse(v -> node.put("before", v), () -> node.putNull("before"));
    field.after().ifPresentOrElse(v -> node.put("after", v), () -> node.putNull("after"));
  }

  private static boolean freeText(FieldChange field) {
    return field.group().equals("environment") || field.group().equals("arguments");
  }
}
