package io.vamp.driver.haproxy.render;

/**
 * The JSON request-log lines, with Vamp's keys: {@code ft} is the frontend (a gateway id, or a route's
 * {@code .hop} frontend), {@code b} the backend (a route id, a gateway's {@code .weights} backend or a
 * {@code .vhost} hop). Each request through a gateway is logged once with {@code ft} = the gateway and
 * reaches exactly one route backend, so per-gateway figures filter on {@code ft} and per-route ones
 * on {@code b}.
 *
 * <p>Every line must stay valid JSON whatever the client sends:
 * <ul>
 *   <li>names (ids), addresses and timer/counter fields hold no quote or backslash;</li>
 *   <li>{@code %cp} can be {@code -} and {@code %rc} can be {@code +1} (a redispatch): both are quoted;</li>
 *   <li>the request line is built from {@code capture.req.method/uri/ver} through HAProxy's
 *       {@code json(utf8s)} converter, which escapes quotes, backslashes and control characters. (HAProxy
 *       2.6's {@code %{+E}} escapes {@code "} and {@code \} but also {@code ]}, as {@code \]}, which is
 *       not valid JSON; {@code %{+Q}r} leaves backslashes alone.)</li>
 * </ul>
 * Captured headers and cookies ({@code hr}, {@code hs}, {@code CC}, {@code CS}) of the original are
 * left out: nothing declares captures.
 */
final class LogFormats {
  private LogFormats() {}

  private static final String REQUEST_LINE = "%[capture.req.method,json(utf8s)] %[capture.req.uri,json(utf8s)]"
      + " %[capture.req.ver,json(utf8s)]";

  static final String HTTP = "{\"ci\":\"%ci\",\"cp\":\"%cp\",\"t\":\"%t\",\"ft\":\"%ft\",\"b\":\"%b\",\"s\":\"%s\","
      + "\"Tq\":%Tq,\"Tw\":%Tw,\"Tc\":%Tc,\"Tr\":%Tr,\"Tt\":%Tt,\"ST\":%ST,\"B\":%B,\"tsc\":\"%tsc\","
      + "\"ac\":%ac,\"fc\":%fc,\"bc\":%bc,\"sc\":%sc,\"rc\":\"%rc\",\"sq\":%sq,\"bq\":%bq,"
      + "\"r\":\"" + REQUEST_LINE + "\"}";

  static final String TCP = "{\"ci\":\"%ci\",\"cp\":\"%cp\",\"t\":\"%t\",\"ft\":\"%ft\",\"b\":\"%b\",\"s\":\"%s\","
      + "\"Tw\":%Tw,\"Tc\":%Tc,\"Tt\":%Tt,\"B\":%B,\"ts\":\"%ts\","
      + "\"ac\":%ac,\"fc\":%fc,\"bc\":%bc,\"sc\":%sc,\"rc\":\"%rc\",\"sq\":%sq,\"bq\":%bq}";

  /** The directive; single quotes keep HAProxy's tokenizer from reading the JSON's double quotes. */
  static String directive(String format) {
    return "log-format '" + format + "'";
  }
}
