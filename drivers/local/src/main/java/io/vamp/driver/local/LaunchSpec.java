package io.vamp.driver.local;

import io.vamp.driver.spi.DriverException;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import io.vamp.model.state.Workload;
import io.vamp.model.state.WorkloadId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How to run a workload as local processes: the command line (run by {@code /bin/sh -c}), the working
 * directory, the environment, the breed's port names (the first one is {@code PORT}), the health
 * checks and the number of instances. Made from a {@link Workload} by {@link #of(Workload)}, which
 * refuses, with a message naming the workload, what cannot run here.
 *
 * @param workingDirectory as written in the {@code local} dialect; empty: the workload's own directory
 */
record LaunchSpec(
    WorkloadId id,
    String digest,
    String command,
    Optional<String> workingDirectory,
    SortedMap<String, String> environment,
    List<String> portNames,
    List<HealthCheck> healthChecks,
    int instances) {

  /** The dialect this scheduler reads, and its keys. */
  static final String DIALECT = "local";
  static final String COMMAND = "command";
  static final String WORKING_DIRECTORY = "working_directory";
  static final String ENVIRONMENT = "environment";
  static final Set<String> DIALECT_KEYS = Set.of(COMMAND, WORKING_DIRECTORY, ENVIRONMENT);

  LaunchSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(workingDirectory, "workingDirectory");
    environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
    portNames = List.copyOf(portNames);
    healthChecks = List.copyOf(healthChecks);
    if (instances < 0) {
      throw new IllegalArgumentException("instances: " + instances);
    }
  }

  static LaunchSpec of(Workload workload) {
    WorkloadId id = workload.id();
    Map<String, Object> dialect = workload.dialects().byScheduler().getOrDefault(DIALECT, Map.of());
    for (String key : new TreeSet<>(dialect.keySet())) {
      if (!DIALECT_KEYS.contains(key)) {
        throw refused(id, "the local dialect has an unknown key '" + key + "'; known: "
            + new TreeSet<>(DIALECT_KEYS));
      }
    }
    String command = dialect.containsKey(COMMAND)
        ? text(id, COMMAND, dialect.get(COMMAND))
        : commandOf(id, workload.deployable());
    if (command.isBlank()) {
      throw refused(id, "its command is empty");
    }
    Optional<String> workingDirectory = dialect.containsKey(WORKING_DIRECTORY)
        ? Optional.of(text(id, WORKING_DIRECTORY, dialect.get(WORKING_DIRECTORY)))
        : Optional.empty();

    SortedMap<String, String> environment = new TreeMap<>(workload.environment());
    Object extra = dialect.get(ENVIRONMENT);
    if (extra != null) {
      if (!(extra instanceof Map<?, ?> map)) {
        throw refused(id, "the local dialect's '" + ENVIRONMENT + "' is not a map of names to values");
      }
      map.forEach((name, value) -> environment.put((String) name, text(id, ENVIRONMENT + "." + name, value)));
    }

    List<String> portNames = new ArrayList<>();
    Map<String, String> portVariables = new HashMap<>();
    for (Port port : workload.ports()) {
      String variable = SafeNames.portVariable(port.name());
      String clash = portVariables.putIfAbsent(variable, port.name());
      if (clash != null) {
        throw refused(id, "ports '" + clash + "' and '" + port.name() + "' would both be " + variable);
      }
      portNames.add(port.name());
    }
    for (HealthCheck check : workload.healthChecks()) {
      if (!portNames.contains(check.port())) {
        throw refused(id, "its health check on " + check.path() + " names port '" + check.port()
            + "', which the breed does not have; ports: " + portNames);
      }
    }
    return new LaunchSpec(id, workload.digest(), command, workingDirectory, environment, portNames,
        workload.healthChecks(), workload.resources().instances());
  }

  private static String commandOf(WorkloadId id, Deployable deployable) {
    return switch (deployable.type()) {
      case COMMAND -> deployable.definition();
      case DOCKER -> throw refused(id, "it is a docker deployable (" + deployable.definition()
          + ") and the local scheduler runs no containers; give it a 'local' dialect with a 'command'");
      case JAVASCRIPT -> throw refused(id, "it is a " + deployable.type().dsl()
          + " deployable, which the local scheduler cannot run; give it a 'local' dialect with a 'command'");
    };
  }

  private static String text(WorkloadId id, String key, Object value) {
    if (value instanceof String || value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value == Dialects.NULL) {
      throw refused(id, "the local dialect's '" + key + "' is null");
    }
    throw refused(id, "the local dialect's '" + key + "' is not a text");
  }

  private static DriverException refused(WorkloadId id, String why) {
    return new DriverException("workload " + id + " cannot run on the local scheduler: " + why, false);
  }
}
