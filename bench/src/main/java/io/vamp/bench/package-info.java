/**
 * Benchmarks of the model, run by hand (never timed in a test): {@link io.vamp.bench.Main} generates a
 * repository ({@link io.vamp.bench.RepositoryGenerator}) and measures read + validate + resolve on it.
 * Depends on the model only.
 */
package io.vamp.bench;
