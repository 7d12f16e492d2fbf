package io.vamp.driver.spi.event;

import io.vamp.driver.spi.DriverFactory;

/** Registers an {@link EventSink} backend by name. */
public interface EventSinkFactory extends DriverFactory<EventSink> {}
