package io.vamp.model.artifact;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/** What runs: a container image, a command line, or a JavaScript workflow script. */
public record Deployable(Type type, String definition) {

  public Deployable {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(definition, "definition");
  }

  public enum Type {
    DOCKER("container/docker", "docker", "container"),
    COMMAND("command", "cmd"),
    JAVASCRIPT("application/javascript", "javascript", "js");

    private final String dsl;
    private final String[] aliases;

    Type(String dsl, String... aliases) {
      this.dsl = dsl;
      this.aliases = aliases;
    }

    public String dsl() {
      return dsl;
    }

    public static Optional<Type> parse(String text) {
      String wanted = text.trim().toLowerCase(Locale.ROOT);
      return Arrays.stream(values())
          .filter(t -> t.dsl.equals(wanted) || Arrays.asList(t.aliases).contains(wanted))
          .findFirst();
    }

    public static String known() {
      return Arrays.stream(values()).map(Type::dsl).collect(Collectors.joining(", "));
    }
  }
}
