package io.vamp.driver.spi.scheduler;

import io.vamp.driver.spi.DriverFactory;

/** Registers a {@link Scheduler} backend by name. */
public interface SchedulerFactory extends DriverFactory<Scheduler> {}
