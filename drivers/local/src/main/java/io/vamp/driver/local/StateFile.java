package io.vamp.driver.local;

import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.state.WorkloadId;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The small file ({@code workload.properties}) kept beside each workload's logs so that a scheduler
 * started later (the daemon restarted) knows what runs: the workload's id and namespace, how to run
 * its current digest, and each instance's pid, start time and ports. Written atomically, readable
 * only by its owner (it holds the workload's environment).
 */
final class StateFile {

  static final String NAME = "workload.properties";
  private static final int FORMAT = 1;

  private StateFile() {}

  /** One instance as recorded: pid 0 when it is not running. */
  record InstanceState(
      String name, String digest, int index, Map<String, Integer> ports, long pid, Optional<Instant> startedAt,
      boolean grouped, Optional<Instant> retireAt) {
    InstanceState {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(digest, "digest");
      ports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ports));
      Objects.requireNonNull(startedAt, "startedAt");
      Objects.requireNonNull(retireAt, "retireAt");
    }
  }

  /**
   * @param removing a removal began and must be finished, not undone
   * @param targetSince when the current digest was deployed (the rollout clock)
   */
  record WorkloadState(
      String namespace, LaunchSpec target, Instant targetSince, boolean removing, List<InstanceState> instances) {
    WorkloadState {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(targetSince, "targetSince");
      instances = List.copyOf(instances);
    }
  }

  static void write(Path file, WorkloadState state) {
    Properties p = new Properties();
    p.setProperty("format", Integer.toString(FORMAT));
    p.setProperty("namespace", state.namespace());
    p.setProperty("removing", Boolean.toString(state.removing()));
    p.setProperty("target-since", state.targetSince().toString());
    LaunchSpec spec = state.target();
    p.setProperty("id", spec.id().toString());
    p.setProperty("digest", spec.digest());
    p.setProperty("command", spec.command());
    spec.workingDirectory().ifPresent(d -> p.setProperty("working-directory", d));
    p.setProperty("instances", Integer.toString(spec.instances()));
    spec.environment().forEach((k, v) -> p.setProperty("env." + k, v));
    for (int i = 0; i < spec.portNames().size(); i++) {
      p.setProperty("port." + i, spec.portNames().get(i));
    }
    for (int i = 0; i < spec.healthChecks().size(); i++) {
      HealthCheck h = spec.healthChecks().get(i);
      String k = "health." + i + ".";
      p.setProperty(k + "path", h.path());
      p.setProperty(k + "port", h.port());
      p.setProperty(k + "protocol", h.protocol());
      p.setProperty(k + "initial-delay", h.initialDelay().toString());
      p.setProperty(k + "timeout", h.timeout().toString());
      p.setProperty(k + "interval", h.interval().toString());
      p.setProperty(k + "failures", Integer.toString(h.failures()));
    }
    for (int i = 0; i < state.instances().size(); i++) {
      InstanceState s = state.instances().get(i);
      String k = "instance." + i + ".";
      p.setProperty(k + "name", s.name());
      p.setProperty(k + "digest", s.digest());
      p.setProperty(k + "index", Integer.toString(s.index()));
      p.setProperty(k + "pid", Long.toString(s.pid()));
      s.startedAt().ifPresent(t -> p.setProperty(k + "started-at", t.toString()));
      p.setProperty(k + "grouped", Boolean.toString(s.grouped()));
      s.retireAt().ifPresent(t -> p.setProperty(k + "retire-at", t.toString()));
      int j = 0;
      for (Map.Entry<String, Integer> port : s.ports().entrySet()) {
        p.setProperty(k + "port." + j + ".name", port.getKey());
        p.setProperty(k + "port." + j + ".number", Integer.toString(port.getValue()));
        j++;
      }
    }
    writeAtomically(file, sorted(p));
  }

  static WorkloadState read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(reader);
    }
    if (!Integer.toString(FORMAT).equals(p.getProperty("format"))) {
      throw new IOException("unknown state file format " + p.getProperty("format") + " in " + file);
    }
    try {
      WorkloadId id = WorkloadId.parse(required(p, "id"));
      SortedMap<String, String> env = new TreeMap<>();
      p.stringPropertyNames().stream().filter(k -> k.startsWith("env."))
          .forEach(k -> env.put(k.substring(4), p.getProperty(k)));
      List<String> ports = new ArrayList<>();
      for (int i = 0; p.containsKey("port." + i); i++) {
        ports.add(p.getProperty("port." + i));
      }
      List<HealthCheck> checks = new ArrayList<>();
      for (int i = 0; p.containsKey("health." + i + ".path"); i++) {
        String k = "health." + i + ".";
        checks.add(new HealthCheck(required(p, k + "path"), required(p, k + "port"), required(p, k + "protocol"),
            Duration.parse(required(p, k + "initial-delay")), Duration.parse(required(p, k + "timeout")),
            Duration.parse(required(p, k + "interval")), Integer.parseInt(required(p, k + "failures"))));
      }
      LaunchSpec spec = new LaunchSpec(id, required(p, "digest"), required(p, "command"),
          Optional.ofNullable(p.getProperty("working-directory")), env, ports, checks,
          Integer.parseInt(required(p, "instances")));
      List<InstanceState> instances = new ArrayList<>();
      for (int i = 0; p.containsKey("instance." + i + ".name"); i++) {
        String k = "instance." + i + ".";
        Map<String, Integer> instancePorts = new LinkedHashMap<>();
        for (int j = 0; p.containsKey(k + "port." + j + ".name"); j++) {
          instancePorts.put(p.getProperty(k + "port." + j + ".name"),
              Integer.parseInt(required(p, k + "port." + j + ".number")));
        }
        instances.add(new InstanceState(required(p, k + "name"), required(p, k + "digest"),
            Integer.parseInt(required(p, k + "index")), instancePorts, Long.parseLong(required(p, k + "pid")),
            Optional.ofNullable(p.getProperty(k + "started-at")).map(Instant::parse),
            Boolean.parseBoolean(p.getProperty(k + "grouped")),
            Optional.ofNullable(p.getProperty(k + "retire-at")).map(Instant::parse)));
      }
      return new WorkloadState(required(p, "namespace"), spec, Instant.parse(required(p, "target-since")),
          Boolean.parseBoolean(p.getProperty("removing")), instances);
    } catch (RuntimeException e) {
      throw new IOException("unreadable state file " + file + ": " + e.getMessage(), e);
    }
  }

  private static String required(Properties p, String key) {
    String value = p.getProperty(key);
    if (value == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return value;
  }

  /** Properties text with its keys sorted and no time stamp, so the file reads and diffs well. */
  private static String sorted(Properties p) {
    StringBuilder out = new StringBuilder("# the local scheduler's record of one workload; do not edit\n");
    new TreeMap<>(Map.copyOf(p)).forEach((k, v) -> {
      Properties one = new Properties();
      one.setProperty((String) k, (String) v);
      StringWriter line = new StringWriter();
      try {
        one.store(line, null);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> out.append(l).append('\n'));
    });
    return out.toString();
  }

  private static void writeAtomically(Path file, String text) {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      }
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
