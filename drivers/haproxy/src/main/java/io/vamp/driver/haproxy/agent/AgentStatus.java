package io.vamp.driver.haproxy.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a gateway agent is doing, as {@code /health} shows it and as it is written (JSON, ephemeral) to
 * {@code /vamp/<ns>/agents/<agent-id>/status} for the daemon.
 *
 * @param agent the agent's id
 * @param namespace the namespace it serves
 * @param configurationKey the key it watches
 * @param phase see {@link Phase}
 * @param haproxyPid the HAProxy master's pid while it runs
 * @param configVersion the newest configuration version seen in the store (0: none yet)
 * @param lastAppliedVersion the version HAProxy serves (0: none yet)
 * @param lastApply how the last applied version went in
 * @param lastError why the newest configuration seen is not served; empty once a configuration is applied
 * @param counts what the agent did since it started
 * @param requestLogs what its syslog receiver got
 */
public record AgentStatus(String agent, String namespace, String configurationKey, Phase phase,
    OptionalLong haproxyPid, long configVersion, long lastAppliedVersion, Optional<Applied> lastApply,
    Optional<Failure> lastError, Counts counts, RequestLogCounts requestLogs) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where the agent stands. */
  public enum Phase {
    /** No configuration in the store yet (or none valid yet): nothing to serve. */
    WAITING,
    /** HAProxy runs the last applied configuration. */
    SERVING,
    /** HAProxy stopped unexpectedly or failed to start; the agent restarts it with backoff. */
    RESTARTING,
    /** No HAProxy binary: the agent watches but cannot serve. */
    NO_HAPROXY,
    /** The agent was closed. */
    STOPPED
  }

  /** How a configuration went in. */
  public enum How {
    /** HAProxy was started on it. */
    START,
    /** A master-worker reload. */
    RELOAD,
    /** Only weights changed: runtime API commands, no reload. */
    RUNTIME,
    /** The same text as the one running. */
    UNCHANGED
  }

  /**
   * The last configuration applied.
   *
   * @param validateMillis the time {@code haproxy -c} took
   * @param haproxyMillis the time HAProxy took: the runtime commands, the start, or the reload (server
   *     states saved, file swapped, master reloaded, until a new worker runs)
   * @param totalMillis from taking the configuration (after coalescing) up to HAProxy serving it
   * @param at when it was done
   */
  public record Applied(long version, How how, long validateMillis, long haproxyMillis, long totalMillis,
      Instant at) {
    public Applied {
      Objects.requireNonNull(how, "how");
      Objects.requireNonNull(at, "at");
    }
  }

  /** A configuration that was refused or failed to load; the previous one keeps serving. */
  public record Failure(long version, String message, Instant at) {
    public Failure {
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * @param applies configurations taken up (after coalescing)
   * @param refused configurations {@code haproxy -c} refused
   * @param reloads successful reloads
   * @param failedReloads reloads HAProxy did not complete (the old workers kept serving)
   * @param runtimeUpdates weight-only changes applied through the runtime API
   * @param restarts HAProxy restarts after it stopped unexpectedly
   */
  public record Counts(long applies, long refused, long reloads, long failedReloads, long runtimeUpdates,
      long restarts) {
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
  }

  /**
   * @param received request-log lines parsed and offered to the sink
   * @param dropped of those, refused by the sink (a full queue)
   * @param malformed lines that were not syslog or not JSON
   * @param events HAProxy's own (non-JSON) log messages
   */
  public record RequestLogCounts(long received, long dropped, long malformed, long events) {
    public static final RequestLogCounts NONE = new RequestLogCounts(0, 0, 0, 0);
  }

  public AgentStatus {
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(configurationKey, "configurationKey");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(haproxyPid, "haproxyPid");
    Objects.requireNonNull(lastApply, "lastApply");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(requestLogs, "requestLogs");
  }

  /** HAProxy runs (whatever it serves). */
  public boolean running() {
    return haproxyPid.isPresent();
  }

  /** What {@code /health} answers 200 for: serving, or waiting for a first configuration. */
  public boolean healthy() {
    return phase == Phase.SERVING || phase == Phase.WAITING;
  }

  public AgentStatus withRequestLogs(RequestLogCounts counts) {
    return new AgentStatus(agent, namespace, configurationKey, phase, haproxyPid, configVersion, lastAppliedVersion,
        lastApply, lastError, this.counts, counts);
  }

  /** The JSON document of {@code /health} and of the status key. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("agent", agent);
    root.put("namespace", namespace);
    root.put("key", configurationKey);
    root.put("phase", phase.name());
    root.put("running", running());
    if (haproxyPid.isPresent()) {
      root.put("haproxyPid", haproxyPid.getAsLong());
    } else {
      root.putNull("haproxyPid");
    }
    root.put("configVersion", configVersion);
    root.put("lastAppliedVersion", lastAppliedVersion);
    if (lastApply.isPresent()) {
      Applied applied = lastApply.get();
      ObjectNode node = root.putObject("lastApply");
      node.put("version", applied.version());
      node.put("how", applied.how().name());
      node.put("validateMillis", applied.validateMillis());
      node.put("haproxyMillis", applied.haproxyMillis());
      node.put("totalMillis", applied.totalMillis());
      node.put("at", applied.at().toString());
    } else {
      root.putNull("lastApply");
    }
    if (lastError.isPresent()) {
      Failure failure = lastError.get();
      ObjectNode node = root.putObject("lastError");
      node.put("version", failure.version());
      node.put("message", failure.message());
      node.put("at", failure.at().toString());
    } else {
      root.putNull("lastError");
    }
    ObjectNode done = root.putObject("counts");
    done.put("applies", counts.applies());
    done.put("refused", counts.refused());
    done.put("reloads", counts.reloads());
    done.put("failedReloads", counts.failedReloads());
    done.put("runtimeUpdates", counts.runtimeUpdates());
    done.put("restarts", counts.restarts());
    ObjectNode logs = root.putObject("requestLogs");
    logs.put("received", requestLogs.received());
    logs.put("dropped", requestLogs.dropped());
    logs.put("malformed", requestLogs.malformed());
    logs.put("events", requestLogs.events());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("status is always serializable", e);
    }
  }
}
