package io.vamp.driver.local;

import io.vamp.model.artifact.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the scheduler knows of one instance while it supervises it. Mutable, and only touched while
 * holding the scheduler's lock.
 */
final class InstanceRuntime {

  /** The check used when a workload declares none: its first port accepts a TCP connection. */
  static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(2);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  static final int DEFAULT_FAILURES = 3;
  /** Until a check first passes it is probed at least this often, whatever its interval. */
  static final Duration STARTING_INTERVAL = Duration.ofMillis(250);

  final String name;
  final String digest;
  final int index;
  /** Breed port name to host port; replaced only when a stranger took a port while the instance was down. */
  Map<String, Integer> ports;

  long pid;
  Optional<Instant> startedAt = Optional.empty();
  boolean grouped;
  /** Set when this JVM started it; empty for an adopted process. */
  Process process;
  /** Counts starts, so that a probe result of an earlier process is ignored. */
  int incarnation;

  /** Set once retired: no longer listed, stopped at this time. */
  Optional<Instant> retireAt = Optional.empty();
  /** A stop (or the clean-up after a death) is running on the stopper. */
  boolean stopping;
  /** Leaves the workload once stopped (retired, or of an older digest). */
  boolean dropping;
  /** The pid being stopped while {@link #stopping}, so that a removal can make sure of it too. */
  long stoppingPid;

  int restarts;
  long lastStartMillis;
  long nextStartMillis;

  final List<Check> checks = new ArrayList<>();

  InstanceRuntime(String name, String digest, int index, Map<String, Integer> ports) {
    this.name = name;
    this.digest = digest;
    this.index = index;
    this.ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
  }

  boolean running() {
    return pid > 0;
  }

  boolean retired() {
    return retireAt.isPresent();
  }

  boolean ready() {
    return running() && checks.stream().allMatch(c -> c.passed);
  }

  /** Sets up the checks of a new process; the first probe of each comes after its initial delay. */
  void resetChecks(List<HealthCheck> declared, long nowMillis) {
    checks.clear();
    if (declared.isEmpty()) {
      if (!ports.isEmpty()) {
        checks.add(new Check(Optional.empty(), ports.values().iterator().next(), nowMillis));
      }
      return;
    }
    for (HealthCheck check : declared) {
      checks.add(new Check(Optional.of(check), ports.get(check.port()), nowMillis + check.initialDelay().toMillis()));
    }
  }

  /** One health check of one instance: declared, or the default TCP check of the first port. */
  static final class Check {
    final Optional<HealthCheck> declared;
    final int port;
    long nextProbeMillis;
    boolean inFlight;
    boolean passed;
    int failures;

    Check(Optional<HealthCheck> declared, int port, long firstProbeMillis) {
      this.declared = declared;
      this.port = port;
      this.nextProbeMillis = firstProbeMillis;
    }

    Duration interval() {
      return declared.map(HealthCheck::interval).orElse(DEFAULT_INTERVAL);
    }

    Duration timeout() {
      return declared.map(HealthCheck::timeout).orElse(DEFAULT_TIMEOUT);
    }

    int allowedFailures() {
      return Math.max(1, declared.map(HealthCheck::failures).orElse(DEFAULT_FAILURES));
    }

    /** Records a probe's result; returns whether the check's verdict changed. */
    boolean record(boolean ok, long nowMillis) {
      boolean before = passed;
      if (ok) {
        failures = 0;
        passed = true;
      } else {
        failures++;
        if (failures >= allowedFailures()) {
          passed = false;
        }
      }
      Duration next = passed ? interval() : min(interval(), STARTING_INTERVAL);
      nextProbeMillis = nowMillis + Math.max(50, next.toMillis());
      return before != passed;
    }

    private static Duration min(Duration a, Duration b) {
      return a.compareTo(b) <= 0 ? a : b;
    }
  }
}
