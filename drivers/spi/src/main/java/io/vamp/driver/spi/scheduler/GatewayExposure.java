package io.vamp.driver.spi.scheduler;

import java.util.SortedMap;

/**
 * An optional capability of a {@link Scheduler} (see {@link Scheduler#gatewayExposure()}): makes the
 * gateway agents' gateway ports reachable where the scheduler runs them, e.g. through one Kubernetes
 * Service selecting the agent pods. A scheduler whose agents are reached directly has none.
 *
 * <p>The daemon calls {@link #expose} only while it leads, after every reconciliation whose plan applied
 * completely or had nothing to do (each revision, and each drift check between commits), with the
 * gateways of the desired state. So it runs often: it must be cheap and write nothing when nothing
 * changed.
 */
public interface GatewayExposure {

  /**
   * Makes the exposure match exactly these gateway ports: ports no longer listed are withdrawn, an empty
   * map withdraws everything. Idempotent: when what is live already exposes exactly these ports with
   * this daemon's marks, nothing is written. Like the rest of the scheduler, it touches only what
   * carries this daemon's ownership mark; something else in the way is refused.
   *
   * @param gatewayPorts each gateway's name to the port the agents listen on for it
   * @return whether anything was written (created, changed or removed)
   * @throws io.vamp.driver.spi.DriverException when it cannot; {@code retryable()} says whether trying
   *     again may help
   */
  boolean expose(SortedMap<String, Integer> gatewayPorts);
}
