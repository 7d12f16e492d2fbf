package io.vamp.driver.spi.kv;

/** This daemon's place in a leader election. */
public interface LeaderElection extends AutoCloseable {

  boolean isLeader();

  /**
   * A number that grows every time leadership changes hands; valid only while {@link #isLeader()}.
   * A new leader raises a fence key to it and writes with {@link KeyValueStore#putIfFenced}, which the
   * store refuses once a later leader raised the fence higher.
   */
  long fencingToken();

  /** Leaves the election (and gives up leadership if held). */
  @Override
  void close();
}
