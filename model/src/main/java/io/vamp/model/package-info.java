/**
 * The Vamp DSL: artifacts as records, a strict reader that keeps every value's file, line and column,
 * validation that reports every problem at once, and resolution into an immutable desired state.
 *
 * <p>Pure: no I/O beyond reading text handed to it, no driver or client-library imports. Everything
 * else in the project depends on this module; it depends on nothing of the project.
 */
package io.vamp.model;
