package io.vamp.driver.haproxy.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A steady load on loopback, counting answers from the backends and every failure (refused, reset,
 * timed out, not 200). Two kinds of client threads, each sending GETs one after the other:
 *
 * <ul>
 *   <li>a new connection per request ({@code Connection: close}, {@link Http}): every request needs the
 *       listening socket, which is what a reload hands from one process to the next;</li>
 *   <li>keep-alive (the JDK's {@link HttpClient}): requests reuse a connection that the old worker closes
 *       after a reload, which an HTTP client may meet between two requests (HTTP lets it retry an
 *       idempotent request then, and the JDK's client does so once, as browsers do).</li>
 * </ul>
 */
final class Load implements AutoCloseable {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong answeredClose = new AtomicLong();
  private final AtomicLong answeredKeepAlive = new AtomicLong();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final List<Thread> threads = new ArrayList<>();

  private Load(int port, int closeThreads, int keepAliveThreads) {
    for (int t = 0; t < closeThreads; t++) {
      start("load-close-" + t, () -> {
        String body = Http.body(port);
        check(body, answeredClose);
      });
    }
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .timeout(Duration.ofSeconds(10)).build();
    for (int t = 0; t < keepAliveThreads; t++) {
      start("load-keepalive-" + t, () -> {
        HttpResponse<String> response;
        try {
          response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
          throw new IOException("HTTP " + response.statusCode() + ": " + response.body());
        }
        check(response.body(), answeredKeepAlive);
      });
    }
  }

  private interface Request {
    void send() throws IOException;
  }

  private void start(String name, Request request) {
    Thread thread = new Thread(() -> {
      while (running.get()) {
        try {
          request.send();
        } catch (IOException | RuntimeException e) {
          failures.add(Thread.currentThread().getName() + ": " + e);
        }
      }
    }, name);
    thread.setDaemon(true);
    thread.start();
    threads.add(thread);
  }

  private void check(String body, AtomicLong answered) {
    if (body.equals("A") || body.equals("B")) {
      answered.incrementAndGet();
    } else {
      failures.add(Thread.currentThread().getName() + ": unexpected body " + body);
    }
  }

  /** {@code closeThreads} clients with a new connection per request, {@code keepAliveThreads} keep-alive clients. */
  static Load start(int port, int closeThreads, int keepAliveThreads) {
    return new Load(port, closeThreads, keepAliveThreads);
  }

  long answered() {
    return answeredClose.get() + answeredKeepAlive.get();
  }

  long answeredWithNewConnections() {
    return answeredClose.get();
  }

  long answeredOverKeepAlive() {
    return answeredKeepAlive.get();
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
