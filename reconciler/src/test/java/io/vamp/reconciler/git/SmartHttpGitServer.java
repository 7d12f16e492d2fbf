package io.vamp.reconciler.git;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A minimal Git smart-HTTP server (protocol v0, upload-pack only) on 127.0.0.1, built from the
 * JDK's HTTP server and JGit's {@link UploadPack}, that demands HTTP basic authentication. It
 * serves one repository at {@code /repo.git} and counts ref advertisements and pack negotiations.
 */
final class SmartHttpGitServer implements AutoCloseable {

  private final HttpServer server;
  private final Repository repository;
  private final String expectedAuthorization;
  final AtomicInteger advertisements = new AtomicInteger();
  final AtomicInteger uploads = new AtomicInteger();
  final AtomicInteger refusals = new AtomicInteger();

  SmartHttpGitServer(Repository repository, String user, String password) throws IOException {
    this.repository = repository;
    this.expectedAuthorization = "Basic " + Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/repo.git/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      if (!expectedAuthorization.equals(authorization)) {
        refusals.incrementAndGet();
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
        exchange.sendResponseHeaders(401, -1);
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String query = exchange.getRequestURI().getQuery();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      String type;
      if (path.endsWith("/info/refs") && "service=git-upload-pack".equals(query)) {
        advertisements.incrementAndGet();
        type = "application/x-git-upload-pack-advertisement";
        PacketLineOut out = new PacketLineOut(body);
        out.writeString("# service=git-upload-pack\n");
        out.end();
        try (UploadPack pack = new UploadPack(repository)) {
          pack.setBiDirectionalPipe(false);
          pack.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(out));
        }
      } else if (path.endsWith("/git-upload-pack") && exchange.getRequestMethod().equals("POST")) {
        uploads.incrementAndGet();
        type = "application/x-git-upload-pack-result";
        InputStream in = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
          in = new GZIPInputStream(in);
        }
        try (UploadPack pack = new UploadPack(repository)) {
          pack.setBiDirectionalPipe(false);
          pack.upload(in, body, null);
        }
      } else {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.getResponseHeaders().add("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, body.size());
      exchange.getResponseBody().write(body.toByteArray());
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
