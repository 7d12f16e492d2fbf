package io.vamp.driver.haproxy.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The HAProxy names of everything the renderer writes, derived from gateway, route and instance
 * names. Names such as {@code sava/sava/web} or {@code [10.0.0.1:8080]} hold characters HAProxy does
 * not accept in identifiers, so each id is a readable part (every run of characters other than ASCII
 * letters and digits becomes one {@code _}, at most {@value #READABLE} characters) and the first 8 hex
 * digits of the SHA-256 of the exact name, e.g. {@code sava_sava_web__3f2a9c1d}. The hash keeps ids
 * apart when two names read the same; the renderer still checks that ids are unique. Ids use only
 * {@code [A-Za-z0-9_.]}: user text never reaches the configuration through a name.
 *
 * <p>Public so that readers of HAProxy's request log (the {@code ft} and {@code b} keys) can map ids
 * back to gateways and routes.
 */
public final class HaproxyIds {
  static final int READABLE = 40;

  private HaproxyIds() {}

  /** The gateway's frontend: the {@code ft} of its request log lines. */
  public static String gateway(String gateway) {
    return readable(gateway) + "__" + hash(gateway);
  }

  /**
   * The backend of one route of a gateway: the {@code b} of the log lines of the requests it served,
   * e.g. {@code sava_sava_web.sava_1_0_0__12ab34cd}.
   */
  public static String route(String gateway, String route) {
    return readable(gateway) + "." + routeServer(gateway, route);
  }

  /** The server standing for a route in the gateway's weighted backend, e.g. {@code sava_1_0_0__12ab34cd}. */
  public static String routeServer(String gateway, String route) {
    return readable(route) + "__" + routeHash(gateway, route);
  }

  /** The backend that splits a gateway's traffic over its routes by weight. */
  public static String weights(String gateway) {
    return gateway(gateway) + ".weights";
  }

  /** The internal frontend through which the weighted backend reaches a route's backend. */
  public static String routeHop(String gateway, String route) {
    return route(gateway, route) + ".hop";
  }

  /** The backend of the virtual-hosts frontend that forwards to a gateway. */
  public static String virtualHostBackend(String gateway) {
    return gateway(gateway) + ".vhost";
  }

  /** The cookie of a sticky gateway. */
  public static String stickyCookie(String gateway) {
    return "vamp_" + hash(gateway);
  }

  /** A route's value in the sticky cookie (the part before the first dot). */
  public static String routeCookie(String gateway, String route) {
    return routeHash(gateway, route);
  }

  /** A server's name in a route backend, for an instance, e.g. {@code sava_1_0_0_7f8d9__a1b2c3d4}. */
  public static String instanceServer(String instance) {
    return readable(instance) + "__" + hash(instance);
  }

  /**
   * A server's name in a selector route's backend, for an instance of one of the workloads it selects,
   * e.g. {@code sava_1_0_0_7f8d9_31001__a1b2c3d4}: the hash covers the workload, as two workloads may
   * each have an instance of the same name at the same port (on different hosts).
   */
  public static String selectedServer(String workload, String instance, int port) {
    return readable(instance + "@" + port) + "__" + hash(workload + "/" + instance + "@" + port);
  }

  /** The file name of the unix socket on which a gateway's frontend takes traffic from other proxies. */
  static String gatewaySocket(String gateway) {
    return "g" + hash(gateway) + ".sock";
  }

  /** The file name of the unix socket of a route's hop frontend. */
  static String routeSocket(String gateway, String route) {
    return "r" + routeHash(gateway, route) + ".sock";
  }

  static String routeHash(String gateway, String route) {
    return hash(gateway + "\u0000" + route);
  }

  static String hash(String text) {
    // looking a digest up costs more than hashing a name; rendering hashes tens of thousands of them
    byte[] digest = SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(digest, 0, 4);
  }

  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

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
