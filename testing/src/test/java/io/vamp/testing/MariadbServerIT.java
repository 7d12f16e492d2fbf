package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class MariadbServerIT {

    private final MariadbServer mariadb = Servers.mariadb();

    @Test
    void answersSelectOneOverTheMariadbScheme() throws SQLException {
        assertThat(mariadb.jdbcUrl()).startsWith("jdbc:mariadb://127.0.0.1:").endsWith("/vamp?sslMode=disable");
        try (Connection connection = DriverManager.getConnection(mariadb.jdbcUrl(), mariadb.user(),
                mariadb.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select 1, database(), version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
            assertThat(result.getString(2)).isEqualTo("vamp");
            assertThat(result.getString(3)).contains("MariaDB");
        }
    }

    @Test
    void createsATableOverTheMysqlScheme() throws SQLException {
        assertThat(mariadb.mysqlJdbcUrl()).startsWith("jdbc:mysql://127.0.0.1:").contains("permitMysqlScheme");
        try (Connection connection = DriverManager.getConnection(mariadb.mysqlJdbcUrl(), mariadb.user(),
                mariadb.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create table gateway (name varchar(100) primary key, port int not null)");
            statement.execute("insert into gateway values ('sava/web', 9050)");
            try (ResultSet result = statement.executeQuery("select port from gateway where name = 'sava/web'")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(9050);
            }
        }
    }

    @Test
    void createDatabaseGivesAnotherDatabaseForUserVamp() throws SQLException {
        String url = mariadb.createDatabase("isolated_maria");
        try (Connection connection = DriverManager.getConnection(url, mariadb.user(), mariadb.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select database()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo("isolated_maria");
        }
    }
}
