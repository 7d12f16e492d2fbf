package io.vamp.model.value;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A value to be filled in when a template is rendered. Every name in a reference is one or more of
 * the ASCII letters, digits, {@code _} and {@code -}; the constructors refuse anything else.
 */
public sealed interface Reference extends Part {

  /** What a reference points at; {@code switch} over it is exhaustive. */
  enum Kind {
    /** {@code $cluster.host}: the address through which the cluster is reached. */
    HOST("host"),
    /** {@code $cluster.ports.name}: the port through which that port of the cluster is reached. */
    PORT("ports"),
    /** {@code $cluster.environment_variables.NAME}. */
    ENVIRONMENT_VARIABLE("environment_variables"),
    /** {@code $cluster.constants.NAME}. */
    CONSTANT("constants"),
    /** {@code $NAME}: an environment variable or constant of the same scope. */
    LOCAL("");

    private final String segment;

    Kind(String segment) {
      this.segment = segment;
    }

    /** The second segment of the reference's path; empty for {@link #LOCAL}. */
    public String segment() {
      return segment;
    }
  }

  Kind kind();

  /** The cluster (or dependency alias) referred to; empty for a local reference. */
  Optional<String> targetCluster();

  /** The dotted path, e.g. {@code [db, ports, port]}. */
  List<String> path();

  /** The path joined with dots, e.g. {@code db.ports.port}. */
  default String expression() {
    return String.join(".", path());
  }

  @Override
  default String source() {
    return "${" + expression() + "}";
  }

  /** True when {@code text} may be one segment of a reference path. */
  static boolean isName(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      if (!isNameChar(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** ASCII letters, digits, {@code _} and {@code -}. */
  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  }

  record Host(String cluster) implements Reference {
    public Host {
      requireName(cluster, "cluster");
    }

    @Override
    public Kind kind() {
      return Kind.HOST;
    }

    @Override
    public Optional<String> targetCluster() {
      return Optional.of(cluster);
    }

    @Override
    public List<String> path() {
      return List.of(cluster, Kind.HOST.segment());
    }
  }

  record Port(String cluster, String port) implements Reference {
    public Port {
      requireName(cluster, "cluster");
      requireName(port, "port");
    }

    @Override
    public Kind kind() {
      return Kind.PORT;
    }

    @Override
    public Optional<String> targetCluster() {
      return Optional.of(cluster);
    }

    @Override
    public List<String> path() {
      return List.of(cluster, Kind.PORT.segment(), port);
    }
  }

  record EnvironmentVariable(String cluster, String name) implements Reference {
    public EnvironmentVariable {
      requireName(cluster, "cluster");
      requireName(name, "environment variable");
    }

    @Override
    public Kind kind() {
      return Kind.ENVIRONMENT_VARIABLE;
    }

    @Override
    public Optional<String> targetCluster() {
      return Optional.of(cluster);
    }

    @Override
    public List<String> path() {
      return List.of(cluster, Kind.ENVIRONMENT_VARIABLE.segment(), name);
    }
  }

  record Constant(String cluster, String name) implements Reference {
    public Constant {
      requireName(cluster, "cluster");
      requireName(name, "constant");
    }

    @Override
    public Kind kind() {
      return Kind.CONSTANT;
    }

    @Override
    public Optional<String> targetCluster() {
      return Optional.of(cluster);
    }

    @Override
    public List<String> path() {
      return List.of(cluster, Kind.CONSTANT.segment(), name);
    }
  }

  record Local(String name) implements Reference {
    public Local {
      requireName(name, "local name");
    }

    @Override
    public Kind kind() {
      return Kind.LOCAL;
    }

    @Override
    public Optional<String> targetCluster() {
      return Optional.empty();
    }

    @Override
    public List<String> path() {
      return List.of(name);
    }
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!isName(name)) {
      throw new IllegalArgumentException("invalid " + what + " in a reference: '" + name
          + "' (use ASCII letters, digits, '_' and '-')");
    }
  }
}
