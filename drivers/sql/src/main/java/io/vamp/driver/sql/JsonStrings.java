package io.vamp.driver.sql;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A list of strings as a JSON array, the form event tags take in their column: readable to anyone
 * querying the table, and castable to JSON by the vendors that have a JSON type.
 */
final class JsonStrings {
  private JsonStrings() {}

  static String encode(Collection<String> strings) {
    StringBuilder json = new StringBuilder("[");
    for (String s : strings) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"');
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '"' -> json.append("\\\"");
          case '\\' -> json.append("\\\\");
          case '\n' -> json.append("\\n");
          case '\r' -> json.append("\\r");
          case '\t' -> json.append("\\t");
          default -> {
            if (c < 0x20) {
              json.append(String.format("\\u%04x", (int) c));
            } else {
              json.append(c);
            }
          }
        }
      }
      json.append('"');
    }
    return json.append(']').toString();
  }

  /** Reads what {@link #encode} wrote (any JSON array of strings, whitespace allowed). */
  static List<String> decode(String json) {
    List<String> strings = new ArrayList<>();
    int i = skipSpace(json, 0);
    i = expect(json, i, '[');
    i = skipSpace(json, i);
    if (i < json.length() && json.charAt(i) == ']') {
      return strings;
    }
    while (true) {
      i = expect(json, skipSpace(json, i), '"');
      StringBuilder s = new StringBuilder();
      while (true) {
        if (i >= json.length()) {
          throw malformed(json);
        }
        char c = json.charAt(i++);
        if (c == '"') {
          break;
        }
        if (c != '\\') {
          s.append(c);
          continue;
        }
        if (i >= json.length()) {
          throw malformed(json);
        }
        char e = json.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> s.append(e);
          case 'n' -> s.append('\n');
          case 'r' -> s.append('\r');
          case 't' -> s.append('\t');
          case 'b' -> s.append('\b');
          case 'f' -> s.append('\f');
          case 'u' -> {
            if (i + 4 > json.length()) {
              throw malformed(json);
            }
            try {
              s.append((char) Integer.parseInt(json.substring(i, i + 4), 16));
            } catch (NumberFormatException notHex) {
              throw malformed(json);
            }
            i += 4;
          }
          default -> throw malformed(json);
        }
      }
      strings.add(s.toString());
      i = skipSpace(json, i);
      if (i < json.length() && json.charAt(i) == ',') {
        i++;
        continue;
      }
      if (skipSpace(json, expect(json, i, ']')) != json.length()) {
        throw malformed(json);
      }
      return strings;
    }
  }

  private static int skipSpace(String json, int i) {
    while (i < json.length() && Character.isWhitespace(json.charAt(i))) {
      i++;
    }
    return i;
  }

  private static int expect(String json, int i, char wanted) {
    if (i >= json.length() || json.charAt(i) != wanted) {
      throw malformed(json);
    }
    return i + 1;
  }

  private static IllegalArgumentException malformed(String json) {
    return new IllegalArgumentException("not a JSON array of strings: " + json);
  }
}
