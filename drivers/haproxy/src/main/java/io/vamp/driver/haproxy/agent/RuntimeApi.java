package io.vamp.driver.haproxy.agent;

import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * HAProxy's runtime API on an admin stats socket: weight commands without a reload, and the server
 * state dump that {@code load-server-state-from-file} reads back after one.
 */
final class RuntimeApi {
  /** Commands are joined with {@code ;} into lines well under HAProxy's 16 KiB request buffer. */
  static final int MAX_LINE = 8000;

  private RuntimeApi() {}

  /**
   * Runs the commands, several per connection. A command that succeeds answers an empty line; any
   * other answer is an error.
   *
   * @return HAProxy's error messages; empty when every command was applied
   */
  static List<String> run(SocketAddress socket, List<String> commands, Duration timeout) throws IOException {
    List<String> errors = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String command : commands) {
      if (line.length() > 0 && line.length() + 1 + command.length() > MAX_LINE) {
        errors.addAll(errors(SocketCli.command(socket, line.toString(), timeout)));
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(';');
      }
      line.append(command);
    }
    if (line.length() > 0) {
      errors.addAll(errors(SocketCli.command(socket, line.toString(), timeout)));
    }
    return errors;
  }

  /** {@code show servers state}: the text HAProxy reads back from its server-state file. */
  static String serversState(SocketAddress socket, Duration timeout) throws IOException {
    return SocketCli.command(socket, "show servers state", timeout);
  }

  private static List<String> errors(String answer) {
    List<String> errors = new ArrayList<>();
    for (String line : answer.split("\n")) {
      if (!line.isBlank()) {
        errors.add(line.trim());
      }
    }
    return errors;
  }
}
