package io.vamp.reconciler.git;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a secret is read from when it is needed: a file or an environment variable. The secret
 * itself is never held by configuration objects, so printing or logging one shows only where the
 * secret lives. It is read again at every use, so a rotated file (a remounted Kubernetes secret)
 * takes effect at the next poll.
 */
public sealed interface SecretSource {

  /** What a person may see: the file path or the variable name, never the value. */
  String describe();

  static SecretSource file(Path path) {
    return new FromFile(path);
  }

  static SecretSource environment(String variable) {
    return new FromEnvironment(variable);
  }

  /** A file whose content, less surrounding whitespace (a trailing newline), is the secret. */
  record FromFile(Path path) implements SecretSource {
    public FromFile {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
      return "file " + path;
    }

    @Override
    public String toString() {
      return "file:" + path;
    }
  }

  /** An environment variable whose value, less surrounding whitespace, is the secret. */
  record FromEnvironment(String variable) implements SecretSource {
    public FromEnvironment {
      Objects.requireNonNull(variable, "variable");
      if (variable.isBlank() || variable.contains("=")) {
        throw new IllegalArgumentException("not an environment variable name: '" + variable + "'");
      }
    }

    @Override
    public String describe() {
      return "environment variable " + variable;
    }

    @Override
    public String toString() {
      return "env:" + variable;
    }
  }
}
