package io.vamp.driver.kubernetes;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.scheduler.Scheduler;
import io.vamp.driver.spi.scheduler.SchedulerFactory;

/** The {@code kubernetes} scheduler (also Rancher 2, which is Kubernetes). Settings: the module README. */
public final class KubernetesSchedulerFactory implements SchedulerFactory {

  public static final String NAME = "kubernetes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Scheduler create(DriverConfig config) {
    return new KubernetesScheduler(config);
  }
}
