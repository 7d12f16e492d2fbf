package io.vamp.driver.local;

import io.vamp.model.state.WorkloadId;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One workload under supervision: what it should run now ({@link #target}), since when, and its
 * instances of every digest still around (those of an older digest keep serving until the target's
 * instances are ready). Only touched while holding the scheduler's lock.
 */
final class WorkloadRuntime {
  final WorkloadId id;
  final Path directory;
  LaunchSpec target;
  Instant targetSince;
  final List<InstanceRuntime> instances = new ArrayList<>();

  WorkloadRuntime(WorkloadId id, Path directory, LaunchSpec target, Instant targetSince) {
    this.id = id;
    this.directory = directory;
    this.target = target;
    this.targetSince = targetSince;
  }

  List<InstanceRuntime> current() {
    return instances.stream().filter(i -> !i.retired() && i.digest.equals(target.digest())).toList();
  }

  String nextInstanceName(String digest, int index) {
    String base = digest.substring(0, Math.min(8, digest.length())) + "-" + index;
    String name = base;
    for (int n = 1; taken(name); n++) {
      name = base + "-" + n;
    }
    return name;
  }

  private boolean taken(String name) {
    return instances.stream().anyMatch(i -> i.name.equals(name));
  }
}
