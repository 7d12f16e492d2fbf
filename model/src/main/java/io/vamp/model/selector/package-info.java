/**
 * Gateway selectors: the {@code selector} of a standalone gateway
 * ({@code label(app)(sava) && label(version)((.*))}), whose routes are made at run time from the
 * workloads the scheduler reports.
 *
 * <p>{@link io.vamp.model.selector.SelectorParser} turns the text into a closed
 * {@link io.vamp.model.selector.Selector} tree, or into every positioned
 * {@link io.vamp.model.selector.SelectorError} it can find (0-based offsets into the text).
 * {@link io.vamp.model.selector.Selector#render()} writes the tree back in one canonical spelling, so
 * {@code parse(render(s))} gives {@code s} again; the reader stores that spelling.
 *
 * <p>{@link io.vamp.model.selector.Selector#match} evaluates a selector against a
 * {@link io.vamp.model.selector.Candidate} (name, kind, namespace, image, labels, ip, ports) and gives
 * the texts its regexes' capture groups took; one route is made per distinct list of captured texts,
 * named by them joined with {@code -} ({@link io.vamp.model.selector.Selection#routeName()}).
 *
 * <p>{@link io.vamp.model.selector.SelectorRouting} makes a selector gateway's routes from the daemon's
 * own workloads ({@link io.vamp.model.selector.SelectorTarget}: what each is to a selector), with the
 * weights the gateway names and the rest shared equally; the model README says what was decided and why.
 *
 * <p>A selector is evaluated by the daemon against whatever the scheduler reports, so its regexes are
 * held to rules that bound the work (checked by the parser with the offset of the problem, and again by
 * {@link io.vamp.model.selector.Regex#of}):
 * <ul>
 *   <li>at most 512 characters, not empty, no control characters, valid for {@link java.util.regex.Pattern};</li>
 *   <li>no repetition of a group that repeats inside ({@code (a+)+}, {@code (a*b)*}): the shape that
 *       makes backtracking exponential; and no comments flag {@code (?x)};</li>
 *   <li>a regex matches a whole input, and an input over 256 characters never matches;</li>
 *   <li>one evaluation reads at most two million input characters in all; one that would need more
 *       counts as no match.</li>
 * </ul>
 *
 * <p>Pure: JDK only, no I/O.
 */
package io.vamp.model.selector;
