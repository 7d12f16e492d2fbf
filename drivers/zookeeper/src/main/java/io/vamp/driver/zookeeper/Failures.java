package io.vamp.driver.zookeeper;

import io.vamp.driver.spi.DriverException;
import org.apache.curator.CuratorConnectionLossException;
import org.apache.zookeeper.KeeperException;

/** Turns what Curator and ZooKeeper throw into {@link DriverException}s the reconciler can act on. */
final class Failures {
  private Failures() {}

  static DriverException of(String what, Settings settings, Exception e) {
    if (e instanceof DriverException d) {
      return d;
    }
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      return new DriverException(what + " on " + settings.where() + " was interrupted", e, true);
    }
    if (e instanceof KeeperException k) {
      return switch (k.code()) {
        case NOAUTH, AUTHFAILED, INVALIDACL -> new DriverException(what + " on " + settings.where()
            + " was refused: " + k.code() + " (check the user and password settings and the nodes' ACLs)", e, false);
        case CONNECTIONLOSS, SESSIONEXPIRED, SESSIONMOVED, OPERATIONTIMEOUT, NOTREADONLY, THROTTLEDOP,
             QUOTAEXCEEDED, RECONFIGINPROGRESS, REQUESTTIMEOUT -> new DriverException(what + " on "
            + settings.where() + " failed: " + k.code() + " (ZooKeeper unreachable or busy; retry later)", e, true);
        default -> new DriverException(what + " on " + settings.where() + " failed: " + k.code(), e, false);
      };
    }
    if (e instanceof CuratorConnectionLossException) {
      return new DriverException(what + " on " + settings.where() + " failed: no connection to ZooKeeper", e, true);
    }
    if (e instanceof IllegalArgumentException iae) {
      throw iae;
    }
    return new DriverException(what + " on " + settings.where() + " failed: " + e, e, true);
  }
}
