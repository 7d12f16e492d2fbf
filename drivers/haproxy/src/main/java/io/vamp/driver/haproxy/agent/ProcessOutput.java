package io.vamp.driver.haproxy.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HAProxy's own output (the master's stdout and stderr, merged), passed to the log line by line and
 * kept for a while so that a failed start or reload can say what HAProxy said about it.
 */
final class ProcessOutput {
  /** HAProxy's messages, under a logger of their own so that they can be turned up or down apart. */
  static final Logger HAPROXY = LoggerFactory.getLogger("io.vamp.driver.haproxy.agent.haproxy");
  private static final int KEEP = 400;
  /** Warnings HAProxy prints on every reload or stop: not worth an INFO line each. */
  private static final Pattern ROUTINE = Pattern.compile("Former worker \\(\\d+\\) exited with code 0|Reexecuting Master"
      + "|Exiting Master process|All workers exited|Proxy \\S+ stopped|Stopping (frontend|backend|proxy)");

  private record Line(long sequence, String text) {
  }

  private final Deque<Line> lines = new ArrayDeque<>();
  private long next;
  private volatile boolean stopping;

  /** Reads the stream to its end on a daemon thread. */
  static ProcessOutput follow(InputStream stream, String threadName) {
    ProcessOutput output = new ProcessOutput();
    Thread reader = new Thread(() -> output.read(stream), threadName);
    reader.setDaemon(true);
    reader.start();
    return output;
  }

  /** From now on HAProxy's messages are expected (the agent stops it): logged at debug only. */
  void stopping() {
    stopping = true;
  }

  /** A mark to pass to {@link #since(long)}. */
  synchronized long mark() {
    return next;
  }

  /** The lines written after the mark (those still kept). */
  synchronized List<String> since(long mark) {
    List<String> out = new ArrayList<>();
    for (Line line : lines) {
      if (line.sequence() >= mark) {
        out.add(line.text());
      }
    }
    return out;
  }

  synchronized List<String> tail(int count) {
    List<String> all = since(0);
    return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
  }

  private void read(InputStream stream) {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String text;
      while ((text = reader.readLine()) != null) {
        String line = Texts.printable(text, 2000);
        synchronized (this) {
          lines.addLast(new Line(next++, line));
          if (lines.size() > KEEP) {
            lines.removeFirst();
          }
        }
        if (stopping) {
          HAPROXY.debug("haproxy said={}", line);
        } else if (line.startsWith("[ALERT]")) {
          HAPROXY.warn("haproxy said={}", line);
        } else if (ROUTINE.matcher(line).find()) {
          HAPROXY.debug("haproxy said={}", line);
        } else if (line.startsWith("[WARNING]")) {
          HAPROXY.info("haproxy said={}", line);
        } else {
          HAPROXY.debug("haproxy said={}", line);
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** The lines HAProxy marks as errors ({@code [ALERT]}), without the prefix; else the last lines. */
  static String errors(List<String> lines) {
    List<String> alerts = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("[ALERT]")) {
        alerts.add(withoutPrefix(line));
      }
    }
    List<String> chosen = alerts.isEmpty() ? lines.subList(Math.max(0, lines.size() - 5), lines.size()) : alerts;
    return String.join("; ", chosen);
  }

  /** {@code [ALERT]    (123) : config : parsing ...} becomes {@code parsing ...}. */
  static String withoutPrefix(String line) {
    String rest = line.replaceFirst("^\\[[A-Z]+]\\s*\\(\\d+\\)\\s*:\\s*", "");
    return rest.replaceFirst("^config\\s*:\\s*", "");
  }
}
