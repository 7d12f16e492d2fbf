/**
 * Interpolated values: environment variable values that refer to other clusters or to the local
 * scope, such as {@code jdbc:mysql://$db.host:$db.ports.port/x} or {@code http://${api.host}:${api.ports.web}/v1}.
 *
 * <p>{@link io.vamp.model.value.TemplateParser} turns the text into a {@link io.vamp.model.value.Template}
 * of {@link io.vamp.model.value.Literal} and {@link io.vamp.model.value.Reference} parts, or into every
 * positioned {@link io.vamp.model.value.TemplateError} it finds. The reference kinds are a closed set:
 * a cluster's host, one of its ports, environment variables or constants, or a local value.
 * {@link io.vamp.model.value.Template#render(java.util.function.Function)} fills the references in;
 * {@link io.vamp.model.value.Template#toString()} writes the canonical text that parses back to the same
 * template.
 *
 * <p>Pure: JDK only, no I/O.
 */
package io.vamp.model.value;
