// The orders service of the demo: an HTTP API that needs its database. It reads where the database is
// from DB_URL (tcp://host:port), which Vamp fills in from the database cluster's gateway.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

public class Orders {
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
    URI db = URI.create(System.getenv().getOrDefault("DB_URL", "tcp://127.0.0.1:5432"));
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/health", exchange -> {
      byte[] bytes = "ok\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.createContext("/", exchange -> {
      String answer;
      try (Socket socket = new Socket(db.getHost(), db.getPort())) {
        socket.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
        answer = new String(socket.getInputStream().readNBytes(5), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        answer = "unreachable (" + e.getMessage() + ")";
      }
      byte[] bytes = ("orders 2.3.0, schema " + System.getenv().getOrDefault("DB_SCHEMA", "?")
          + ", database says: " + answer + "\n").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
    System.out.println("orders listening on " + port + ", database at " + db);
  }
}
