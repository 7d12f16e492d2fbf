package io.vamp.driver.sql;

import io.vamp.driver.spi.DriverException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections straight from the vendor's JDBC driver, for the pool to keep. The pool is given this
 * rather than the URL so that it never logs the URL: HikariCP prints it at debug level and masks
 * only a lower-case {@code password=} in it.
 */
final class JdbcDataSource implements DataSource {
  private final Driver driver;
  private final String url;
  private final Properties credentials;
  private final String redactedUrl;
  private volatile int loginTimeoutSeconds;

  JdbcDataSource(ConnectionSettings settings) {
    this.driver = load(settings.dialect().driverClassName());
    this.url = settings.dialect().driverUrl(settings.url());
    this.credentials = new Properties();
    settings.user().ifPresent(user -> credentials.setProperty("user", user));
    settings.password().ifPresent(password -> credentials.setProperty("password", password));
    this.redactedUrl = settings.redactedUrl();
  }

  private static Driver load(String className) {
    try {
      return (Driver) Class.forName(className, true, JdbcDataSource.class.getClassLoader())
          .getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new DriverException("the JDBC driver " + className + " is not on the class path", e, false);
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection connection = driver.connect(url, credentials);
    if (connection == null) {
      throw new SQLException(driver.getClass().getName() + " does not take the URL " + redactedUrl, "08001");
    }
    return connection;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("the ledger's credentials are fixed when it opens");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    // JDBC's own logging is not used
  }

  /** Kept, not applied: the pool bounds how long a connection may take, and waits this long on close. */
  @Override
  public void setLoginTimeout(int seconds) {
    loginTimeoutSeconds = seconds;
  }

  @Override
  public int getLoginTimeout() {
    return loginTimeoutSeconds;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper of " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "JdbcDataSource[" + redactedUrl + "]";
  }
}
