package io.vamp.testing;

/**
 * The entry point: each method starts its server on first use, once per JVM (thread-safe), on free 127.0.0.1 ports
 * in a fresh temporary directory, and a JVM shutdown hook stops it and deletes the directory. A server that cannot
 * start throws {@link ServerStartException} saying what is missing and how to install it; later calls in the same
 * JVM throw at once with the same explanation.
 *
 * <pre>{@code
 * PostgresServer postgres = Servers.postgres();
 * try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password())) { ... }
 * }</pre>
 */
public final class Servers {

    private static final Lazy<Haproxy> HAPROXY = new Lazy<>("haproxy", Haproxy::locate);
    private static final Lazy<EtcdServer> ETCD = new Lazy<>("etcd", EtcdServer::launch);
    private static final Lazy<ZookeeperServer> ZOOKEEPER = new Lazy<>("zookeeper", ZookeeperServer::launch);
    private static final Lazy<PostgresServer> POSTGRES = new Lazy<>("postgres", PostgresServer::launch);
    private static final Lazy<MariadbServer> MARIADB = new Lazy<>("mariadb", MariadbServer::launch);
    private static final Lazy<ElasticsearchServer> ELASTICSEARCH =
            new Lazy<>("elasticsearch", ElasticsearchServer::launch);

    private Servers() {
    }

    /** The HAProxy binary and its version; {@link Haproxy#start(String)} starts instances (several are fine). */
    public static Haproxy haproxy() {
        return HAPROXY.get();
    }

    /** The JVM's etcd 3.4 (single member). */
    public static EtcdServer etcd() {
        return ETCD.get();
    }

    /** The JVM's standalone ZooKeeper 3.8. */
    public static ZookeeperServer zookeeper() {
        return ZOOKEEPER.get();
    }

    /** The JVM's PostgreSQL, with database and user {@code vamp}. */
    public static PostgresServer postgres() {
        return POSTGRES.get();
    }

    /** The JVM's MariaDB, with database and user {@code vamp}. */
    public static MariadbServer mariadb() {
        return MARIADB.get();
    }

    /** The JVM's Elasticsearch 7.10.2 node (its own JVM, about 8 s to start). */
    public static ElasticsearchServer elasticsearch() {
        return ELASTICSEARCH.get();
    }
}
