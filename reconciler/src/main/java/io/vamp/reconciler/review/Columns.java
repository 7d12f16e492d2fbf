package io.vamp.reconciler.review;

import java.util.ArrayList;
import java.util.List;

/** Rows of text cells aligned in columns, for the terminal form. */
final class Columns {
  private final List<List<String>> rows = new ArrayList<>();

  void add(String... cells) {
    rows.add(List.of(cells));
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Every row on its own line after {@code indent}, columns two spaces apart; empty columns left out. */
  void appendTo(StringBuilder out, String indent) {
    int columns = rows.stream().mapToInt(List::size).max().orElse(0);
    for (int c = columns - 1; c >= 0; c--) {
      int column = c;
      if (rows.stream().allMatch(r -> column >= r.size() || r.get(column).isEmpty())) {
        rows.replaceAll(r -> {
          List<String> copy = new ArrayList<>(r);
          if (column < copy.size()) {
            copy.remove(column);
          }
          return copy;
        });
        columns--;
      }
    }
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size() - 1; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : Texts.pad(row.get(i), widths[i]) + "  ");
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
