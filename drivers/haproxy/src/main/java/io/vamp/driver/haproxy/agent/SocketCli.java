package io.vamp.driver.haproxy.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One command on an HAProxy CLI socket (the master socket or a stats socket), answer read to the end.
 * The command is sent, then the client half-closes: the master CLI answers only then (otherwise it
 * waits for the next command), and a stats socket closes after answering a non-interactive command.
 */
final class SocketCli {
  private SocketCli() {}

  static String command(SocketAddress address, String command, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel channel = SocketChannel.open(address); Selector selector = Selector.open()) {
      ByteBuffer request = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
      while (request.hasRemaining()) {
        channel.write(request);
      }
      channel.shutdownOutput();
      channel.configureBlocking(false);
      channel.register(selector, SelectionKey.OP_READ);
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SocketTimeoutException("no complete answer to '" + firstWords(command) + "' on " + address
              + " within " + timeout.toMillis() + " ms");
        }
        selector.select(Math.max(1, Duration.ofNanos(left).toMillis()));
        selector.selectedKeys().clear();
        int read;
        while ((read = channel.read(buffer)) > 0) {
          answer.write(buffer.array(), 0, buffer.position());
          buffer.clear();
        }
        if (read < 0) {
          return answer.toString(StandardCharsets.UTF_8);
        }
      }
    }
  }

  private static String firstWords(String command) {
    return command.length() <= 60 ? command : command.substring(0, 60) + "...";
  }
}
