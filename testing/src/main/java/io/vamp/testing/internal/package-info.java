/**
 * Code that runs outside the test JVM: the main class of the separate Elasticsearch JVM. Only this package may use
 * the Elasticsearch libraries, which are an optional dependency and absent from the classpath of every user of
 * vamp-testing.
 */
package io.vamp.testing.internal;
