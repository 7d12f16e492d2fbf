package io.vamp.driver.local;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerFactory;

/**
 * The {@code local} scheduler: workloads as supervised processes on this machine. Settings are listed
 * in the module's README; all are optional.
 */
public final class LocalSchedulerFactory implements SchedulerFactory {

  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Scheduler create(DriverConfig config) {
    return new LocalScheduler(config);
  }
}
