package io.vamp.driver.haproxy.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A plain HTTP/1.1 client on a raw socket, one connection per request ({@code Connection: close}): every
 * request makes a new TCP connection, which is what a reload must never refuse.
 */
final class Http {
  private Http() {}

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  static Response get(int port, String path) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      in.transferTo(raw);
      return parse(raw.toString(StandardCharsets.ISO_8859_1));
    }
  }

  /** The body of a 200 answer, else an exception saying what came instead. */
  static String body(int port) throws IOException {
    Response response = get(port, "/");
    if (response.status() != 200) {
      throw new IOException("HTTP " + response.status() + ": " + response.body());
    }
    return response.body();
  }

  private static Response parse(String raw) throws IOException {
    int end = raw.indexOf("\r\n\r\n");
    if (!raw.startsWith("HTTP/1.") || end < 0) {
      throw new IOException("not an HTTP response: '" + raw + "'");
    }
    String[] lines = raw.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    String body = raw.substring(end + 4);
    String length = headers.get("content-length");
    if (length != null && body.length() != Integer.parseInt(length)) {
      throw new IOException("truncated body: " + body.length() + " of " + length + " bytes");
    }
    return new Response(status, headers, body);
  }
}
