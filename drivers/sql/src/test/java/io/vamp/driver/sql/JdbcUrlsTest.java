package io.vamp.driver.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void passwordsInUrlsAreMasked() {
    assertThat(JdbcUrls.redacted("jdbc:postgresql://db:5432/vamp?user=vamp&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/vamp?user=vamp&password=***&ssl=true");
    assertThat(JdbcUrls.redacted("jdbc:sqlserver://db:1433;databaseName=vamp;user=vamp;password=s3cret;encrypt=true"))
        .isEqualTo("jdbc:sqlserver://db:1433;databaseName=vamp;user=vamp;password=***;encrypt=true");
    assertThat(JdbcUrls.redacted("jdbc:h2:mem:x;USER=sa;PASSWORD=s3cret")).isEqualTo("jdbc:h2:mem:x;USER=sa;PASSWORD=***");
    assertThat(JdbcUrls.redacted("jdbc:mariadb://vamp:s3cret@db:3306/vamp")).isEqualTo("jdbc:mariadb://***@db:3306/vamp");
    assertThat(JdbcUrls.redacted("jdbc:mysql://db/vamp?pwd=s3cret")).isEqualTo("jdbc:mysql://db/vamp?pwd=***");
  }

  @Test
  void urlsWithoutSecretsAreUnchanged() {
    assertThat(JdbcUrls.redacted("jdbc:h2:file:/var/lib/vamp/ledger;DB_CLOSE_ON_EXIT=FALSE"))
        .isEqualTo("jdbc:h2:file:/var/lib/vamp/ledger;DB_CLOSE_ON_EXIT=FALSE");
  }

  @Test
  void theVendorIsNamedWithoutTheRest() {
    assertThat(JdbcUrls.vendorOf("jdbc:oracle:thin:@db:1521/vamp")).isEqualTo("jdbc:oracle");
    assertThat(JdbcUrls.vendorOf("etcd://h1:2379")).isEqualTo("etcd://h1");
  }
}
