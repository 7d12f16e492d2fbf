/**
 * The one test harness of the project: starts real servers (HAProxy, etcd, ZooKeeper, PostgreSQL,
 * MariaDB, Elasticsearch) on free loopback ports in temporary directories, once per test JVM, and
 * stops them when the JVM exits. A server that cannot start fails the test that asked for it, saying
 * what is missing: tests never skip for want of a server.
 */
package io.vamp.testing;
