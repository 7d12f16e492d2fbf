package io.vamp.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A MariaDB server (Debian's mariadb-server, MySQL-compatible) on 127.0.0.1, with a database {@code vamp} and a user
 * {@code vamp} (password {@code vamp}, all privileges, so tests may create more databases). Reads no my.cnf. InnoDB
 * does not flush on every commit: it is a test server.
 *
 * @param host     always 127.0.0.1
 * @param port     TCP port
 * @param database {@code vamp}
 * @param user     {@code vamp}
 * @param password {@code vamp}
 * @param socket   the Unix socket, where root logs in without a password
 * @param dataDir  the data directory
 * @param process  mariadbd and its log
 */
public record MariadbServer(String host, int port, String database, String user, String password, Path socket,
                            Path dataDir, ServerProcess process) {

    private static final String OS_USER = "mysql";
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,63}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    /**
     * {@code jdbc:mariadb://127.0.0.1:<port>/vamp?sslMode=disable}: MariaDB Connector/J 3+ asks for TLS by default,
     * which this server does not offer.
     */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String databaseName) {
        return "jdbc:mariadb://" + host + ":" + port + "/" + databaseName + "?sslMode=disable";
    }

    /**
     * {@code jdbc:mysql://127.0.0.1:<port>/vamp?permitMysqlScheme&sslMode=disable}: the MySQL form, which the MariaDB
     * driver accepts only with {@code permitMysqlScheme}.
     */
    public String mysqlJdbcUrl() {
        return mysqlJdbcUrl(database);
    }

    public String mysqlJdbcUrl(String databaseName) {
        return "jdbc:mysql://" + host + ":" + port + "/" + databaseName + "?permitMysqlScheme&sslMode=disable";
    }

    /**
     * Creates a database {@link #user()} may use.
     *
     * @param name lower-case letters, digits and underscores
     * @return its {@code jdbc:mariadb:} URL
     */
    public String createDatabase(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
        sql(client(), socket, process.logFile(), "CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    static MariadbServer launch() {
        Path mariadbd = Hosts.requireBinary("mariadbd", "mariadb-server", "/usr/sbin/mariadbd");
        Path installDb = Hosts.requireBinary("mariadb-install-db", "mariadb-server", "/usr/bin/mariadb-install-db");
        Path admin = Hosts.requireBinary("mariadb-admin", "mariadb-client", "/usr/bin/mariadb-admin");
        Path client = client();
        Path dir = Hosts.createTempDir("mariadb");
        boolean root = Hosts.isRoot();
        int port = FreePorts.allocate();
        Path dataDir = dir.resolve("data");
        Path socket = dir.resolve("mariadb.sock");
        Path log = dir.resolve("mariadb.log");
        List<String> install = new ArrayList<>(List.of(installDb.toString(), "--no-defaults",
                "--datadir=" + dataDir, "--auth-root-authentication-method=normal", "--skip-test-db",
                "--skip-name-resolve"));
        List<String> server = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                "--datadir=" + dataDir,
                "--bind-address=" + Hosts.LOOPBACK,
                "--port=" + port,
                "--socket=" + socket,
                "--pid-file=" + dir.resolve("mariadb.pid"),
                "--skip-name-resolve",
                "--innodb-flush-log-at-trx-commit=2",
                "--innodb-buffer-pool-size=64M",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci"));
        if (root) {
            install.add("--user=" + OS_USER);
            server.add("--user=" + OS_USER);
        }
        ServerProcess process = ServerProcess.builder("mariadb", server)
                .workDir(dir)
                .logFile(log)
                .readiness(() -> Hosts.isSuccess(List.of(admin.toString(), "--no-defaults", "--socket=" + socket,
                        "--user=root", "--connect-timeout=2", "ping")))
                .readyTimeout(Duration.ofSeconds(60))
                .build();
        Shutdown.register("mariadb", process, dir);
        if (root) {
            // mariadbd refuses to run as root: it switches to the mysql user, which must own the directory
            Hosts.chown(dir, OS_USER);
        }
        Hosts.run("mariadb-install-db", log, COMMAND_TIMEOUT, install);
        process.start();
        sql(client, socket, log, "CREATE DATABASE vamp;"
                + " CREATE USER 'vamp'@'%' IDENTIFIED BY 'vamp';"
                + " GRANT ALL PRIVILEGES ON *.* TO 'vamp'@'%';");
        return new MariadbServer(Hosts.LOOPBACK, port, "vamp", "vamp", "vamp", socket, dataDir, process);
    }

    private static Path client() {
        return Hosts.requireBinary("mariadb", "mariadb-client", "/usr/bin/mariadb");
    }

    // as root over the Unix socket
    private static void sql(Path client, Path socket, Path log, String statements) {
        Hosts.run("mariadb", log, COMMAND_TIMEOUT, List.of(client.toString(), "--no-defaults", "--socket=" + socket,
                "--user=root", "--batch", "-e", statements));
    }
}
