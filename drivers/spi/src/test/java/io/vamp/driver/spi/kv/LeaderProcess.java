package io.vamp.driver.spi.kv;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.Drivers;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A candidate in a JVM of its own, for failover tests that kill it outright (SIGKILL: no session close,
 * no clean-up): {@code LeaderProcess <factory> <uri> <election> <candidate>}. Prints {@code LEADER <token>}
 * once it leads and then runs until killed.
 */
public final class LeaderProcess {
  private LeaderProcess() {}

  public static void main(String[] args) {
    DriverConfig config = new DriverConfig("default", Path.of(System.getProperty("java.io.tmpdir")),
        Optional.of(URI.create(args[1])), Map.of());
    KeyValueStore store = Drivers.find(KeyValueStoreFactory.class, args[0]).create(config);
    LeaderElection election = store.elect(args[2], args[3]);
    boolean announced = false;
    while (true) {
      if (!announced && election.isLeader()) {
        System.out.println("LEADER " + election.fencingToken());
        System.out.flush();
        announced = true;
      }
      LockSupport.parkNanos(20_000_000L);
    }
  }
}
