package io.vamp.driver.haproxy.agent;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * {@code GET /health}: the agent's status as JSON, 200 while it serves or waits for its first
 * configuration, 503 otherwise (HAProxy down, missing, or the agent stopped). {@code GET /metrics}, when
 * the agent was given metrics: Prometheus text. The JDK's HTTP server is enough for probes and scrapes
 * and keeps the driver free of a web framework.
 */
final class HealthServer implements AutoCloseable {
  private static final String JSON_TYPE = "application/json";
  private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final HttpServer server;
  private final ExecutorService executor;

  private HealthServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static HealthServer start(String bindAddress, int port, Supplier<AgentStatus> status,
      Optional<Supplier<String>> metrics) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
    } catch (IOException e) {
      throw new AgentException("cannot serve /health on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
    }
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "vamp-agent-health");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        boolean isMetrics = path.equals("/metrics") && metrics.isPresent();
        if (!path.equals("/health") && !isMetrics) {
          respond(exchange, 404, JSON_TYPE, "{\"error\":\"not found: try /health" + (metrics.isPresent()
              ? " or /metrics" : "") + "\"}");
        } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
          respond(exchange, 405, JSON_TYPE, "{\"error\":\"GET only\"}");
        } else if (isMetrics) {
          respond(exchange, 200, PROMETHEUS_TYPE, metrics.get().get());
        } else {
          AgentStatus now = status.get();
          respond(exchange, now.healthy() ? 200 : 503, JSON_TYPE, now.toJson());
        }
      }
    });
    server.start();
    return new HealthServer(server, executor);
  }

  InetSocketAddress address() {
    return server.getAddress();
  }

  private static void respond(HttpExchange exchange, int code, String type, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(code, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
