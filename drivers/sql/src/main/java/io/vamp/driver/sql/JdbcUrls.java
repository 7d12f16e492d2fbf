package io.vamp.driver.sql;

import java.util.regex.Pattern;

/** JDBC URLs as they may appear in logs and messages: without the secrets some people put in them. */
final class JdbcUrls {
  private static final Pattern PASSWORD_PROPERTY =
      Pattern.compile("(?i)((?:password|pwd|passwd)\\s*=)[^;&]*");
  private static final Pattern USER_INFO = Pattern.compile("//[^/@;?]*@");

  private JdbcUrls() {}

  /** The URL with any password property and {@code user:password@} part masked. */
  static String redacted(String url) {
    String masked = PASSWORD_PROPERTY.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("//***@");
  }

  /** {@code jdbc:<vendor>}, for a message naming what was asked for. */
  static String vendorOf(String url) {
    int first = url.indexOf(':');
    int second = first < 0 ? -1 : url.indexOf(':', first + 1);
    return second < 0 ? redacted(url) : url.substring(0, second);
  }
}
