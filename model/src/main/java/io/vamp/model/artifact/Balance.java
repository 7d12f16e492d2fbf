package io.vamp.model.artifact;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Load-balancing algorithms a route may ask for; a closed set so no text reaches HAProxy unchecked. */
public enum Balance {
  ROUNDROBIN("roundrobin"), STATIC_RR("static-rr"), LEASTCONN("leastconn"), FIRST("first"),
  SOURCE("source"), URI("uri"), RANDOM("random");

  private final String dsl;

  Balance(String dsl) {
    this.dsl = dsl;
  }

  public String dsl() {
    return dsl;
  }

  public static Optional<Balance> parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(b -> b.dsl.equals(wanted)).findFirst();
  }

  public static String known() {
    return Arrays.stream(values()).map(Balance::dsl).collect(Collectors.joining(", "));
  }

  /** Vamp's default: round robin for HTTP, least connections for TCP. */
  public static Balance defaultFor(Protocol protocol) {
    return protocol == Protocol.TCP ? LEASTCONN : ROUNDROBIN;
  }
}
