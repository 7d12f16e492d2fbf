package io.vamp.driver.haproxy.agent;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** A real HTTP backend on loopback answering its name ("A", "B") to every request. */
final class Backend implements AutoCloseable {
  static {
    // the JDK server writes headers and body separately: without TCP_NODELAY each response waits for a delayed ACK
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final AtomicLong requests = new AtomicLong();

  private Backend(String name) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = name.getBytes(StandardCharsets.UTF_8);
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    executor = Executors.newFixedThreadPool(8);
    server.setExecutor(executor);
    server.start();
  }

  static Backend start(String name) throws IOException {
    return new Backend(name);
  }

  int port() {
    return server.getAddress().getPort();
  }

  long requests() {
    return requests.get();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
