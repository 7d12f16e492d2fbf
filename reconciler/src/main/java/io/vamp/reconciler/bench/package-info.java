/** Benchmarks behind {@code vamp bench}: they print their figures; nothing here asserts a time. */
package io.vamp.reconciler.bench;
