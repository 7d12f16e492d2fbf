package io.vamp.driver.spi.kv;

/** A running watch; closing it stops the notifications. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
