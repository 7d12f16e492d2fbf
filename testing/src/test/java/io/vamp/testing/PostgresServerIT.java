package io.vamp.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class PostgresServerIT {

    private final PostgresServer postgres = Servers.postgres();

    @Test
    void answersSelectOneAsUserVampOverTcp() throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
                postgres.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("select 1, current_user, current_database(), version()")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).isEqualTo(1);
            assertThat(result.getString(2)).isEqualTo("vamp");
            assertThat(result.getString(3)).isEqualTo("vamp");
            assertThat(result.getString(4)).startsWith("PostgreSQL ");
        }
    }

    @Test
    void userVampCreatesTablesInDatabaseVamp() throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
                postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create table deployment (name text primary key, weight int not null)");
            statement.execute("insert into deployment values ('sava:1.0', 90), ('sava:1.1', 10)");
            try (ResultSet result = statement.executeQuery("select sum(weight) from deployment")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getInt(1)).isEqualTo(100);
            }
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "wrong").close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void createDatabaseGivesAnotherDatabaseOwnedByVamp() throws SQLException {
        String url = postgres.createDatabase("isolated_pg");
        try (Connection connection = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Statement statement = connection.createStatement()) {
            statement.execute("create table t (id int)");
            try (ResultSet result = statement.executeQuery("select current_database()")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo("isolated_pg");
            }
        }
    }
}
