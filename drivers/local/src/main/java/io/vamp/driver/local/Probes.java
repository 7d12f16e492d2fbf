package io.vamp.driver.local;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/** Health probes against an instance on the local host: an HTTP GET, or a TCP connect. */
final class Probes {
  private Probes() {}

  /** Whether {@code GET http://host:port/path} answers 200-399 within {@code timeout}. */
  static boolean http(String host, int port, String path, Duration timeout) {
    HttpURLConnection connection = null;
    try {
      String target = path.startsWith("/") ? path : "/" + path;
      connection = (HttpURLConnection) URI.create("http://" + hostForUri(host) + ":" + port + target).toURL()
          .openConnection();
      int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      connection.setUseCaches(false);
      connection.setInstanceFollowRedirects(false);
      connection.setRequestProperty("Connection", "close");
      connection.setRequestProperty("User-Agent", "vamp-local-scheduler");
      int status = connection.getResponseCode();
      try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
        if (body != null) {
          body.readNBytes(64 * 1024);
        }
      }
      return status >= 200 && status < 400;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } finally {
      if (connection != null) {
        connection.disconnect();
      }
    }
  }

  /** Whether a TCP connection to {@code host:port} opens within {@code timeout}. */
  static boolean tcp(String host, int port, Duration timeout) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String hostForUri(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }
}
