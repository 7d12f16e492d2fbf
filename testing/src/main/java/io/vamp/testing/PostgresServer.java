package io.vamp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A PostgreSQL server (Debian's postgresql package) on 127.0.0.1, with a database {@code vamp} owned by the user
 * {@code vamp} (password {@code vamp}, allowed to create more databases). TCP connections authenticate with
 * scram-sha-256; the Unix socket in the data directory trusts the superuser {@code postgres}. fsync is off: a
 * killed server loses nothing it committed, an OS crash would.
 *
 * @param host     always 127.0.0.1
 * @param port     TCP port
 * @param database {@code vamp}
 * @param user     {@code vamp}
 * @param password {@code vamp}
 * @param dataDir  the cluster's data directory
 * @param process  the postmaster and its log
 */
public record PostgresServer(String host, int port, String database, String user, String password, Path dataDir,
                             ServerProcess process) {

    private static final String OS_USER = "postgres";
    private static final Path POSTGRES_LIB = Path.of("/usr/lib/postgresql");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    /** {@code jdbc:postgresql://127.0.0.1:<port>/vamp}. */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** The JDBC URL of another database on this server, e.g. one made by {@link #createDatabase(String)}. */
    public String jdbcUrl(String databaseName) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + databaseName;
    }

    /**
     * Creates a database owned by {@link #user()}: a test class that wants its own schema history uses one.
     *
     * @param name lower-case letters, digits and underscores
     * @return its JDBC URL
     */
    public String createDatabase(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + name);
        }
        psql(binDir(), dataDir, port, process.logFile(), "CREATE DATABASE " + name + " OWNER " + user);
        return jdbcUrl(name);
    }

    static PostgresServer launch() {
        Path bin = binDir();
        Path dir = Hosts.createTempDir("postgres");
        int port = FreePorts.allocate();
        Path dataDir = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        List<String> command = Hosts.asUser(OS_USER, List.of(bin.resolve("postgres").toString(),
                "-D", dataDir.toString(),
                "-p", Integer.toString(port),
                "-k", dataDir.toString(),
                "-c", "listen_addresses=" + Hosts.LOOPBACK,
                // fsync off: a killed server keeps what it committed (the OS has it), only an OS crash would not
                "-c", "fsync=off",
                "-c", "full_page_writes=off"));
        Path pgIsReady = bin.resolve("pg_isready");
        ServerProcess process = ServerProcess.builder("postgres", command)
                .workDir(dir)
                .logFile(log)
                .readiness(() -> isReady(pgIsReady, dataDir, port))
                .readyTimeout(Duration.ofSeconds(60))
                // SIGTERM would wait for every client to disconnect; SIGINT is the "fast" shutdown
                .gracefulStop(postmaster -> ServerProcess.signal(postmaster, "INT"))
                .build();
        Shutdown.register("postgres", process, dir);
        if (Hosts.isRoot()) {
            // PostgreSQL refuses to run as root: initdb and the server run as the postgres user, which owns the dir
            Hosts.chown(dir, OS_USER);
        }
        Hosts.run("initdb", log, COMMAND_TIMEOUT, Hosts.asUser(OS_USER, List.of(bin.resolve("initdb").toString(),
                "-D", dataDir.toString(), "-U", "postgres", "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C", "--no-sync")));
        process.start();
        psql(bin, dataDir, port, log, "CREATE ROLE vamp LOGIN CREATEDB PASSWORD 'vamp'");
        psql(bin, dataDir, port, log, "CREATE DATABASE vamp OWNER vamp");
        return new PostgresServer(Hosts.LOOPBACK, port, "vamp", "vamp", "vamp", dataDir, process);
    }

    /** The bin directory of the newest installed major version, e.g. /usr/lib/postgresql/15/bin. */
    static Path binDir() {
        List<Path> versions = new ArrayList<>();
        if (Files.isDirectory(POSTGRES_LIB)) {
            try (Stream<Path> dirs = Files.list(POSTGRES_LIB)) {
                dirs.filter(d -> Files.isExecutable(d.resolve("bin").resolve("postgres"))
                                && Files.isExecutable(d.resolve("bin").resolve("initdb")))
                        .forEach(versions::add);
            } catch (IOException e) {
                throw new ServerStartException("cannot list " + POSTGRES_LIB + ": " + e.getMessage(), e);
            }
        }
        return versions.stream()
                .max(Comparator.comparingInt(PostgresServer::majorVersion))
                .map(d -> d.resolve("bin"))
                .orElseThrow(() -> Hosts.notInstalled("PostgreSQL (" + POSTGRES_LIB + "/*/bin/postgres)",
                        "postgresql"));
    }

    private static int majorVersion(Path versionDir) {
        try {
            return Integer.parseInt(versionDir.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean isReady(Path pgIsReady, Path socketDir, int port) throws IOException, InterruptedException {
        return Hosts.isSuccess(List.of(pgIsReady.toString(), "-q", "-t", "2", "-h", socketDir.toString(),
                "-p", Integer.toString(port), "-U", "postgres", "-d", "postgres"));
    }

    // as the superuser, over the Unix socket (trusted)
    private static void psql(Path bin, Path socketDir, int port, Path log, String sql) {
        Hosts.run("psql", log, COMMAND_TIMEOUT, List.of(bin.resolve("psql").toString(), "-X", "-q",
                "-v", "ON_ERROR_STOP=1", "-h", socketDir.toString(), "-p", Integer.toString(port),
                "-U", "postgres", "-d", "postgres", "-c", sql));
    }
}
