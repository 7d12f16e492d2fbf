import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * The tiny service the local scheduler's tests run: listens on $VAMP_HOST:$PORT and answers
 * {@code /health} (200), {@code /pid} (its pid), {@code /env} (its environment, sorted) and {@code /}
 * ($GREETING). Compiled once by the tests and run with {@code java -cp}.
 */
public class Hello {
  public static void main(String[] args) throws IOException {
    String host = System.getenv().getOrDefault("VAMP_HOST", "127.0.0.1");
    int port = Integer.parseInt(System.getenv("PORT"));
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
    server.createContext("/health", exchange -> reply(exchange, 200, "ok"));
    server.createContext("/pid", exchange -> reply(exchange, 200, Long.toString(ProcessHandle.current().pid())));
    server.createContext("/env", exchange -> {
      StringBuilder out = new StringBuilder();
      new TreeMap<>(System.getenv()).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      reply(exchange, 200, out.toString());
    });
    server.createContext("/", exchange -> reply(exchange, 200, System.getenv().getOrDefault("GREETING", "hello")));
    server.start();
    System.out.println("hello listening on " + host + ":" + port);
  }

  private static void reply(com.sun.net.httpserver.HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
