package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverConfig;
import io.vamp.driver.spi.DriverException;
import io.vamp.driver.spi.ledger.Ledger;
import io.vamp.driver.spi.ledger.LedgerFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code h2}: the embedded default. With no URI, an H2 database in the file {@code <data>/ledger.mv.db}
 * opened in H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}): the first process to open it (the
 * daemon) serves it to others on a loopback port, so {@code vamp history} and {@code vamp show} read it
 * beside a running daemon. With a URI, any {@code jdbc:h2:} URL, as it is.
 */
public final class H2LedgerFactory implements LedgerFactory {
  public static final String NAME = "h2";

  /** The database's file name under the data directory (H2 adds {@code .mv.db}). */
  public static final String FILE_NAME = "ledger";

  /** The system property H2 binds its servers to. */
  static final String BIND_ADDRESS = "h2.bindAddress";
  static final String LOOPBACK = "127.0.0.1";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Ledger create(DriverConfig config) {
    String url = config.uri().map(URI::toString).orElseGet(() -> fileUrl(config.dataDirectory()));
    if (!url.regionMatches(true, 0, "jdbc:h2:", 0, 8)) {
      throw new DriverException("the " + NAME + " ledger takes jdbc:h2: URLs, not " + JdbcUrls.vendorOf(url)
          + "; the " + SqlLedgerFactory.NAME + " ledger takes any supported jdbc: URL", false);
    }
    return SqlLedger.open(ConnectionSettings.of(url, config.settings()));
  }

  /**
   * The URL of the ledger file under {@code dataDirectory}, made if missing, in automatic mixed mode: the
   * first process opens the file and serves it to the others on a TCP port it writes, with a random key,
   * into {@code ledger.lock.db} (so only who may read the directory can connect); the others connect
   * through it; when the first one closes, the next to connect opens the file itself. H2 then closes the
   * database when the JVM exits (it refuses {@code DB_CLOSE_ON_EXIT=FALSE} in this mode): a daemon stopped
   * half way through a revision leaves it as a crash would, in progress, to be finished after the restart.
   *
   * <p>Each commit is written to the file before the caller hears of it ({@code CHECKPOINT}, see
   * {@link Dialect#persistStatement}); {@code WRITE_DELAY=0} would do that too but stops the background
   * thread that compacts the file, and {@code RETENTION_TIME=0} (which keeps the file small under a burst
   * of writes) lost the last acknowledged commit of a killed process every time it was tried.
   */
  static String fileUrl(Path dataDirectory) {
    Path directory = dataDirectory.toAbsolutePath().normalize();
    if (directory.toString().contains(";")) {
      throw new DriverException("the data directory " + directory + " holds a ';', which an H2 URL cannot", false);
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new DriverException("cannot make the data directory " + directory + ": " + e.getMessage(), e, false);
    }
    serveOnLoopbackOnly();
    return "jdbc:h2:file:" + directory.resolve(FILE_NAME) + ";AUTO_SERVER=TRUE";
  }

  /**
   * H2 serves an {@code AUTO_SERVER} database on every interface unless {@code h2.bindAddress} says
   * otherwise; the ledger is for processes on this machine only. A value set by the operator is kept.
   */
  static void serveOnLoopbackOnly() {
    synchronized (System.getProperties()) {
      if (System.getProperty(BIND_ADDRESS) == null) {
        System.setProperty(BIND_ADDRESS, LOOPBACK);
      }
    }
  }
}
