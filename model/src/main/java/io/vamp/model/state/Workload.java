package io.vamp.model.state;

import io.vamp.model.artifact.Argument;
import io.vamp.model.artifact.Deployable;
import io.vamp.model.artifact.Dialects;
import io.vamp.model.artifact.HealthCheck;
import io.vamp.model.artifact.Port;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One service of one cluster of one deployment, fully resolved: what a scheduler runs.
 *
 * @param environment the variables the process sees, after scopes and interpolation, sorted by name
 * @param dependsOn the ids of the internal gateways this workload's dependencies are reached through
 */
public record Workload(
    WorkloadId id,
    Deployable deployable,
    List<Port> ports,
    SortedMap<String, String> environment,
    Resources resources,
    List<HealthCheck> healthChecks,
    List<Argument> arguments,
    Dialects dialects,
    List<String> dependsOn) implements Comparable<Workload> {

  public Workload {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(deployable, "deployable");
    ports = List.copyOf(ports);
    environment = Collections.unmodifiableSortedMap(new TreeMap<>(environment));
    Objects.requireNonNull(resources, "resources");
    healthChecks = List.copyOf(healthChecks);
    arguments = List.copyOf(arguments);
    Objects.requireNonNull(dialects, "dialects");
    dependsOn = dependsOn.stream().sorted().distinct().toList();
  }

  /**
   * A digest of everything a scheduler must run differently when it changes (not of its identity).
   * Drivers store it with the workload to tell an unchanged workload from one to update.
   */
  public String digest() {
    String canonical = String.join("\n",
        deployable.toString(), ports.toString(), environment.toString(), resources.toString(),
        healthChecks.toString(), arguments.toString(), canonical(dialects.byScheduler()));
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Object value) {
    if (value instanceof Map<?, ?> map) {
      StringBuilder out = new StringBuilder("{");
      new TreeMap<>(map).forEach((k, v) -> out.append(k).append('=').append(canonical(v)).append(','));
      return out.append('}').toString();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(Workload::canonical).toList().toString();
    }
    return String.valueOf(value);
  }

  @Override
  public int compareTo(Workload other) {
    return id.compareTo(other.id);
  }
}
