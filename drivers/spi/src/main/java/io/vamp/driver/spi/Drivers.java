package io.vamp.driver.spi;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Finds driver factories by name through {@link ServiceLoader}; the reconciler imports no backend. */
public final class Drivers {
  private Drivers() {}

  public static <F extends DriverFactory<?>> F find(Class<F> factoryType, String name) {
    List<F> factories = available(factoryType);
    return factories.stream()
        .filter(f -> f.name().equalsIgnoreCase(name))
        .findFirst()
        .orElseThrow(() -> new DriverException("no " + factoryType.getSimpleName() + " named '" + name
            + "'; available: " + factories.stream().map(DriverFactory::name).sorted()
                .collect(Collectors.joining(", ")), false));
  }

  public static <F extends DriverFactory<?>> List<F> available(Class<F> factoryType) {
    return ServiceLoader.load(factoryType).stream().map(ServiceLoader.Provider::get).toList();
  }
}
