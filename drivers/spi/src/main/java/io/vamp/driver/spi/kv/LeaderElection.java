package io.vamp.driver.spi.kv;

/** This daemon's place in a leader election. */
public interface LeaderElection extends AutoCloseable {

  boolean isLeader();

  /**
   * A number that grows every time leadership changes hands; valid only while {@link #isLeader()}.
   * Writers compare it with the token stored beside what they write to refuse a deposed leader.
   */
  long fencingToken();

  /** Leaves the election (and gives up leadership if held). */
  @Override
  void close();
}
