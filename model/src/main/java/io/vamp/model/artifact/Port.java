package io.vamp.model.artifact;

import java.util.Objects;

/** A named port of a breed: {@code web: 8080/http}. */
public record Port(String name, int number, Protocol protocol) {
  public Port {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    if (number < 1 || number > 65535) {
      throw new IllegalArgumentException("port number out of range: " + number);
    }
  }

  public String dsl() {
    return number + "/" + protocol.dsl();
  }
}
