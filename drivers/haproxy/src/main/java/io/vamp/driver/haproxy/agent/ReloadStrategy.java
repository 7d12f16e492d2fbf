package io.vamp.driver.haproxy.agent;

/** How the agent asks the HAProxy master to reload; both keep every listening socket open throughout. */
public enum ReloadStrategy {
  /** {@code reload} on the master CLI socket (the default). */
  MASTER_CLI,
  /** SIGUSR2 to the master process, for platforms where the master socket is not wanted. */
  SIGUSR2
}
