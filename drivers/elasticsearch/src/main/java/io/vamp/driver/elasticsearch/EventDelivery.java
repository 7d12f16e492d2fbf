package io.vamp.driver.elasticsearch;

import io.vamp.driver.spi.event.Event;
import java.util.List;

/** A sink that says, per event, whether it took it: what the {@link OutboxShipper} delivers to. */
@FunctionalInterface
public interface EventDelivery {

  /**
   * Sends a batch. Throws a {@link io.vamp.driver.spi.DriverException} when the batch as a whole could
   * not be sent (nothing is then known to be stored).
   */
  Delivery deliver(List<Event> events);
}
