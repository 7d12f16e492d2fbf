/**
 * The one test harness of the project: starts real servers (etcd, ZooKeeper, PostgreSQL, MariaDB, Elasticsearch) on
 * free 127.0.0.1 ports in temporary directories, once per test JVM, through {@link io.vamp.testing.Servers}, and
 * stops them when the JVM exits; locates HAProxy and starts as many master-worker instances as a test asks for. A
 * server that cannot start fails the test that asked for it with a {@link io.vamp.testing.ServerStartException}
 * saying what is missing and how to install it: tests never skip for want of a server.
 *
 * <p>Used by other modules with test scope. Depends on Awaitility and slf4j-api only; the Elasticsearch libraries
 * are an optional dependency used by {@link io.vamp.testing.internal} in a separate JVM.
 */
package io.vamp.testing;
