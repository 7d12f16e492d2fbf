package io.vamp.driver.elasticsearch.requestlog;

import java.util.Objects;

/**
 * One request-log document ready to send or to keep on disk: its index, its id (fixed when the record
 * arrived, so sending it again after an outage or a restart replaces it instead of adding a second) and
 * its JSON body on one line.
 */
record LogEntry(String index, String id, String json) {
  LogEntry {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(json, "json");
    if (index.indexOf('\t') >= 0 || index.indexOf('\n') >= 0 || id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0
        || json.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a log entry's index and id hold no tab or newline, its json no newline");
    }
  }

  /** {@code index TAB id TAB json}, without the newline. */
  String line() {
    return index + '\t' + id + '\t' + json;
  }

  static LogEntry parse(String line) {
    int first = line.indexOf('\t');
    int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("not a log entry line");
    }
    return new LogEntry(line.substring(0, first), line.substring(first + 1, second), line.substring(second + 1));
  }
}
