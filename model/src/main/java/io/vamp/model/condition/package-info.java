/**
 * Route conditions: the {@code condition} string of a gateway route ({@code user-agent == Firefox},
 * {@code has cookie vamp and not host == localhost}, {@code < hdr_sub(user-agent) Chrome >}).
 *
 * <p>{@link io.vamp.model.condition.ConditionParser} turns the text into a closed
 * {@link io.vamp.model.condition.Condition} tree, or into every positioned
 * {@link io.vamp.model.condition.ConditionError} it can find. {@link io.vamp.model.condition.Condition#render()}
 * writes the tree back in one canonical spelling, so {@code parse(render(c))} gives {@code c} again.
 *
 * <p>The tree is later written into HAProxy configuration, so every name, value and raw ACL in it is
 * held to a strict character set, checked both by the parser (with the offset of the offending
 * character) and again by the record constructors, so a renderer may trust any {@code Condition}:
 * <ul>
 *   <li>values: printable ASCII (U+0020..U+007E) except {@code # \ ' "}; never empty;</li>
 *   <li>cookie and header names: letters, digits and {@code !$%&*+-.^_`|~} (RFC 7230 token
 *       characters without {@code #} and {@code '}); never empty;</li>
 *   <li>raw ACLs: one line of letters, digits, space and {@code _-.()/:,'"=!*+?^$[]|~%}; quotes
 *       balanced; no {@code $} inside double quotes (HAProxy would expand it as an environment
 *       variable); never blank.</li>
 * </ul>
 * Values may contain spaces and {@code $}: a renderer should put them in HAProxy single quotes.
 *
 * <p>Pure: JDK only, no I/O.
 */
package io.vamp.model.condition;
