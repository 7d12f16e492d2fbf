package io.vamp.reconciler.review;

import io.vamp.model.artifact.Artifact;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.condition.Condition;
import io.vamp.model.problem.Position;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An artifact's content without where it was written: two artifacts are the same when their forms
 * are equal, so moving a document, reformatting it or editing a comment is no change.
 *
 * <p>Walks the artifact's records and leaves out every {@link Position}. When the model gains a
 * canonical writer of artifacts ({@code io.vamp.model.write.ArtifactWriter}), {@link #of} becomes
 * that writer's output and this walk goes.
 */
final class ArtifactForm {
  private ArtifactForm() {}

  static String of(Artifact artifact) {
    StringBuilder out = new StringBuilder();
    append(artifact, out);
    return out.toString();
  }

  private static void append(Object value, StringBuilder out) {
    if (value == null || value == Dialects.NULL) {
      out.append("null");
    } else if (value instanceof Condition condition) {
      out.append("condition(").append(quoted(condition.render())).append(')');
    } else if (value instanceof Record record) {
      appendRecord(record, out);
    } else if (value instanceof Optional<?> optional) {
      if (optional.isPresent()) {
        append(optional.get(), out);
      } else {
        out.append("absent");
      }
    } else if (value instanceof Map<?, ?> map) {
      Map<String, Object> sorted = new TreeMap<>();
      map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
      out.append('{');
      sorted.forEach((k, v) -> {
        out.append(quoted(k)).append('=');
        append(v, out);
        out.append(',');
      });
      out.append('}');
    } else if (value instanceof Collection<?> list) {
      out.append('[');
      list.forEach(v -> {
        append(v, out);
        out.append(',');
      });
      out.append(']');
    } else if (value instanceof BigDecimal number) {
      out.append(number.stripTrailingZeros().toPlainString());
    } else if (value instanceof Enum<?> constant) {
      out.append(constant.name());
    } else if (value instanceof CharSequence text) {
      out.append(quoted(text.toString()));
    } else {
      out.append(value);
    }
  }

  private static void appendRecord(Record record, StringBuilder out) {
    out.append(record.getClass().getName()).append('(');
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      if (component.getType() == Position.class) {
        continue;
      }
      out.append(component.getName()).append('=');
      append(read(record, component.getAccessor()), out);
      out.append(',');
    }
    out.append(')');
  }

  private static Object read(Record record, Method accessor) {
    try {
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
      throw new IllegalStateException("cannot read " + accessor + " of an artifact", e);
    }
  }

  private static String quoted(String text) {
    return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
