/**
 * Artifacts back to DSL text: the canonical YAML of each artifact (expanded forms, a fixed key order,
 * {@code kind} and {@code name} first), such that reading it gives the same artifact again. Used for
 * round-trip tests and wherever an artifact is shown or stored as text.
 *
 * <p>Depends on the artifact records and SnakeYAML's emitter only; never on the reader or the resolver.
 */
package io.vamp.model.write;
