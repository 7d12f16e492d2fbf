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
 * {@code h2}: the embedded default. With no URI, an H2 database in the file {@code <data>/ledger.mv.db};
 * with one, any {@code jdbc:h2:} URL. Only one process can open an H2 file at a time: another
 * process (a second daemon, a CLI) reads the ledger through the daemon, not through the file.
 */
public final class H2LedgerFactory implements LedgerFactory {
  public static final String NAME = "h2";

  /** The database's file name under the data directory (H2 adds {@code .mv.db}). */
  public static final String FILE_NAME = "ledger";

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
   * The URL of the ledger file under {@code dataDirectory}, made if missing. The daemon closes the
   * ledger itself, last, so H2 must not close the database at JVM exit before it has.
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
    return "jdbc:h2:file:" + directory.resolve(FILE_NAME) + ";DB_CLOSE_ON_EXIT=FALSE";
  }
}
