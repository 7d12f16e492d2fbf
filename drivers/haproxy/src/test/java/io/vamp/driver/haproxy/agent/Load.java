package io.vamp.driver.haproxy.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load on loopback: a few threads each sending GETs one after the other, a new connection per
 * request, counting answers from the backends and every failure (refused, reset, timed out, not 200).
 */
final class Load implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong answered = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private Load(int port, int concurrency) {
    for (int t = 0; t < concurrency; t++) {
      Thread thread = new Thread(() -> {
        while (running.get()) {
          try {
            String body = Http.body(port);
            if (body.equals("A") || body.equals("B")) {
              answered.incrementAndGet();
            } else {
              failures.add("unexpected body " + body);
            }
          } catch (IOException | RuntimeException e) {
            failures.add(e.toString());
          }
        }
      }, "load-" + t);
      thread.setDaemon(true);
      thread.start();
      threads.add(thread);
    }
  }

  static Load start(int port, int concurrency) {
    return new Load(port, concurrency);
  }

  long answered() {
    return answered.get();
  }

  List<String> failures() {
    return List.copyOf(failures);
  }

  /** Stops the threads after their request in flight. */
  @Override
  public void close() throws InterruptedException {
    running.set(false);
    for (Thread thread : threads) {
      thread.join(15_000);
    }
  }
}
