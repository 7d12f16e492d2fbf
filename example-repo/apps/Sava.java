// A tiny web service for the canary demo: it answers with its version, so you can watch traffic move.
// Run it as "java Sava.java" (JDK 11+): it listens on $PORT (default 8080).
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

public class Sava {
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    String version = System.getenv().getOrDefault("SAVA_VERSION", "unknown");
    String greeting = System.getenv().getOrDefault("GREETING", "Hello");
    boolean debug = Boolean.parseBoolean(System.getenv().getOrDefault("SAVA_DEBUG", "false"));
    String instance = System.getenv().getOrDefault("VAMP_INSTANCE", "local");
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/health", exchange -> reply(exchange.getResponseBody(), exchange, "ok\n"));
    server.createContext("/", exchange -> reply(exchange.getResponseBody(), exchange,
        "sava " + version + ": " + greeting + (debug ? " (instance " + instance + ")" : "") + "\n"));
    server.start();
    System.out.println("sava " + version + " listening on " + port);
  }

  private static void reply(OutputStream body, com.sun.net.httpserver.HttpExchange exchange, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(200, bytes.length);
    body.write(bytes);
    body.close();
  }
}
