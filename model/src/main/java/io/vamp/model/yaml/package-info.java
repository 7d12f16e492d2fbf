/**
 * YAML text to position-carrying nodes, within limits that protect against hostile input.
 *
 * <p>Every node knows where it starts; a scalar also knows where each character of its value is
 * written ({@link io.vamp.model.yaml.YNode.Scalar#positionOf(int)}), through escapes, doubled quotes,
 * folded lines and block scalars, so a problem found inside a value (a condition, a selector, a
 * control character) is reported at its own line and column. Columns count code points, as
 * SnakeYAML's marks do.
 */
package io.vamp.model.yaml;
