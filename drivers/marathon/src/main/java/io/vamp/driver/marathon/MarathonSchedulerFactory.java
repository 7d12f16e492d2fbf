package io.vamp.driver.marathon;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerFactory;

/** The {@code marathon} scheduler (Marathon, also on DC/OS). Settings: the module README. */
public final class MarathonSchedulerFactory implements SchedulerFactory {

  public static final String NAME = "marathon";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Scheduler create(DriverConfig config) {
    return new MarathonScheduler(config);
  }
}
