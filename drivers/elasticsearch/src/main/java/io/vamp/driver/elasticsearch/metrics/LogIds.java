package io.vamp.driver.elasticsearch.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Maps gateway and route names to the ids HAProxy writes in its request log: {@code ft} (the gateway's
 * frontend), {@code b} (a route's backend) and {@code s} (the server standing for a route in the
 * gateway's weighted backend). The one place that knows the renderer's naming.
 *
 * <p>Each request through a gateway is logged once by the gateway's frontend ({@code ft}): with
 * {@code b} = the route's backend when a condition or stickiness sent it there directly, or with
 * {@code b} = the weighted backend and {@code s} = the route's server when the weights chose. (A second
 * line comes from the route's internal hop frontend; it leaves out the gateway's own part of the
 * time, so metrics do not use it.)
 *
 * <p>{@link #HAPROXY} repeats the naming of {@code io.vamp.driver.haproxy.render.HaproxyIds} (readable
 * part, then the first 8 hex digits of a SHA-256), because this module must not depend on the HAProxy
 * module (its gateway agent ships logs through this one). A test pins it to ids the renderer produced.
 * A daemon that has both modules should pass
 * {@code LogIds.of(HaproxyIds::gateway, HaproxyIds::route, HaproxyIds::routeServer)}.
 */
public interface LogIds {

  /** The {@code ft} of the request-log lines of requests to {@code gateway}. */
  String frontend(String gateway);

  /** The {@code b} of the request-log lines of requests that {@code route} of {@code gateway} served. */
  String backend(String gateway, String route);

  /** The {@code s} of the gateway's lines when its weighted backend sent a request to {@code route}. */
  String server(String gateway, String route);

  static LogIds of(Function<String, String> frontend, BiFunction<String, String, String> backend,
      BiFunction<String, String, String> server) {
    Objects.requireNonNull(frontend, "frontend");
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(server, "server");
    return new LogIds() {
      @Override
      public String server(String gateway, String route) {
        return server.apply(gateway, route);
      }

      @Override
      public String frontend(String gateway) {
        return frontend.apply(gateway);
      }

      @Override
      public String backend(String gateway, String route) {
        return backend.apply(gateway, route);
      }
    };
  }

  /** The renderer's naming (see the class comment). */
  LogIds HAPROXY = of(
      gateway -> HaproxyNaming.readable(gateway) + "__" + HaproxyNaming.hash(gateway),
      (gateway, route) -> HaproxyNaming.readable(gateway) + "." + HaproxyNaming.routeServer(gateway, route),
      HaproxyNaming::routeServer);

  /** The renderer's id scheme, kept together so that it is easy to compare with HaproxyIds. */
  final class HaproxyNaming {
    static final int READABLE = 40;

    private HaproxyNaming() {}

    static String routeServer(String gateway, String route) {
      return readable(route) + "__" + hash(gateway + "\u0000" + route);
    }

    static String hash(String text) {
      try {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, 4);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    static String readable(String name) {
      StringBuilder out = new StringBuilder();
      boolean gap = false;
      for (int i = 0; i < name.length() && out.length() < READABLE; i++) {
        char c = name.charAt(i);
        boolean plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (plain) {
          if (gap && out.length() > 0) {
            out.append('_');
          }
          out.append(c);
          gap = false;
        } else {
          gap = true;
        }
      }
      if (out.length() > READABLE) {
        out.setLength(READABLE);
      }
      return out.length() == 0 ? "x" : out.toString();
    }
  }
}
