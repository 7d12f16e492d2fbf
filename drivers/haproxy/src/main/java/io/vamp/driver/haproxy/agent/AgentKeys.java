package io.vamp.driver.haproxy.agent;

import io.vamp.driver.spi.kv.KeyPaths;

/**
 * The key-value store keys the daemon and its gateway agents share, under {@code /vamp/<namespace>}.
 *
 * <ul>
 *   <li>{@code /vamp/<ns>/gateways}: every gateway as JSON (written by the daemon);</li>
 *   <li>{@code /vamp/<ns>/gateways/haproxy/<major.minor>/configuration}: the rendered HAProxy
 *       configuration (written by the daemon, watched by the agents running that HAProxy version);</li>
 *   <li>{@code /vamp/<ns>/agents/<agent-id>/status}: each agent's status as JSON, ephemeral (written by
 *       the agent, gone when it is).</li>
 * </ul>
 */
public final class AgentKeys {
  private AgentKeys() {}

  public static String gateways(String namespace) {
    return KeyPaths.requireKey("/vamp/" + namespace + "/gateways");
  }

  /** @param haproxyVersion major.minor, e.g. {@code 2.6} */
  public static String configuration(String namespace, String haproxyVersion) {
    return KeyPaths.requireKey("/vamp/" + namespace + "/gateways/haproxy/" + haproxyVersion + "/configuration");
  }

  /** The prefix under which every agent of the namespace reports. */
  public static String agents(String namespace) {
    return KeyPaths.requireKey("/vamp/" + namespace + "/agents");
  }

  public static String status(String namespace, String agentId) {
    return KeyPaths.requireKey(agents(namespace) + "/" + agentId + "/status");
  }
}
