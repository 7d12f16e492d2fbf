package io.vamp.driver.spi;

/**
 * Makes a driver of one backend. Implementations are registered in
 * {@code META-INF/services/<the factory interface>} and chosen by {@link #name()} from configuration.
 */
public interface DriverFactory<T> {

  /** The name configuration uses, e.g. {@code local}, {@code kubernetes}, {@code etcd}, {@code h2}. */
  String name();

  T create(DriverConfig config);
}
