package io.vamp.reconciler.config;

import io.vamp.model.problem.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The configuration is unusable; the message lists every problem as {@code file:line:col: message}. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
  }

  public ConfigException(String message) {
    super(message);
  }
}
