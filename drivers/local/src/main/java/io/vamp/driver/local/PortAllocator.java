package io.vamp.driver.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hands out ports from the configured range: not reserved by any local scheduler in this JVM, not
 * claimed by a state file on disk (another daemon's, or one not adopted yet), and free to bind now.
 * The cursor moves on after each port so that a port just given up is not handed out again at once.
 */
final class PortAllocator {

  /** Every port any local scheduler of this JVM holds: schedulers of several namespaces share the host. */
  private static final Set<Integer> RESERVED = new HashSet<>();
  private static int cursor = -1;

  private final String host;
  private final int first;
  private final int last;

  PortAllocator(String host, int first, int last) {
    this.host = host;
    this.first = first;
    this.last = last;
  }

  /** Reserves a free port, or throws if the range is exhausted. */
  int allocate(Predicate<Integer> claimedOnDisk) {
    synchronized (RESERVED) {
      int size = last - first + 1;
      if (cursor < first || cursor > last) {
        cursor = first;
      }
      for (int tried = 0; tried < size; tried++) {
        int port = cursor;
        cursor = cursor >= last ? first : cursor + 1;
        if (!RESERVED.contains(port) && !claimedOnDisk.test(port) && bindable(port)) {
          RESERVED.add(port);
          return port;
        }
      }
      throw new IllegalStateException("no free port left in " + first + "-" + last + " on " + host);
    }
  }

  /** Marks a port as held (re-adopted from a state file). */
  void reserve(int port) {
    synchronized (RESERVED) {
      RESERVED.add(port);
    }
  }

  void release(int port) {
    synchronized (RESERVED) {
      RESERVED.remove(port);
    }
  }

  /** Whether nothing listens on {@code port} now. */
  boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
